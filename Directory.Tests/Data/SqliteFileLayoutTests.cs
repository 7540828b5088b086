using System.Globalization;
using Directory.Model.Data;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Directory.Tests.Data;

/// <summary>
/// <see cref="SqliteFileLayout"/>: the copy holds the same schema and rows as the source (shadow tables of the spatial
/// and full-text indexes included), the API answers the same on it, its triggers keep working, the tables pages read
/// come first in the file, and a copy that cannot complete leaves no file behind.
/// </summary>
public sealed class SqliteFileLayoutTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "directory-tests", "layout-" + Guid.NewGuid().ToString("N"));

    public SqliteFileLayoutTests() => System.IO.Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_copy_has_the_same_schema_and_rows()
    {
        using var source = new DirectoryApiFactory();
        _ = source.Services;
        var sourcePath = DatabasePath(source);
        var target = Path.Combine(_folder, "copy.db");

        var report = await SqliteFileLayout.CopyAsync(sourcePath, target);

        await using var connection = Open(target);
        await Execute(connection, $"ATTACH DATABASE '{sourcePath}' AS src");
        Assert.Equal(await Schema(connection, "src"), await Schema(connection, "main"));
        var tables = await Strings(connection, """SELECT "name" FROM src.sqlite_schema WHERE "type" = 'table' AND "sql" NOT LIKE 'CREATE VIRTUAL TABLE%' """);
        Assert.Contains("SearchIndex_data", tables);
        Assert.Contains("ServiceGeoIndex_node", tables);
        foreach (var table in tables.Where(t => t != "sqlite_stat1"))
        {
            var (rows, missing, extra) = await Compare(connection, table);
            Assert.True(missing == 0 && extra == 0, $"{table}: {missing} rows missing from the copy, {extra} rows not in the source");
            if (table != "sqlite_sequence")
            {
                Assert.Equal(rows, report.Tables.Single(t => t.Table == table).Rows);
            }
        }

        Assert.True(report.Tables.Single(t => t.Table == "Services").Rows > 0);
        Assert.Equal(await Scalar(connection, "PRAGMA src.user_version"), await Scalar(connection, "PRAGMA main.user_version"));
        Assert.Equal("wal", (string?)await ScalarObject(connection, "PRAGMA main.journal_mode"));
    }

    [Fact]
    public async Task The_source_file_is_left_as_it_was()
    {
        using var source = new DirectoryApiFactory();
        _ = source.Services;
        // A file no process writes meanwhile (the running API may checkpoint its own): a first copy.
        var first = Path.Combine(_folder, "first.db");
        await SqliteFileLayout.CopyAsync(DatabasePath(source), first);
        var bytes = await File.ReadAllBytesAsync(first);
        var written = File.GetLastWriteTimeUtc(first);

        await SqliteFileLayout.CopyAsync(first, Path.Combine(_folder, "second.db"));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(first));
        Assert.Equal(written, File.GetLastWriteTimeUtc(first));
    }

    [Fact]
    public async Task The_api_answers_the_same_on_the_copy_and_its_triggers_keep_the_indexes()
    {
        const string query = """
            query($near: Near!) {
              services(near: $near, first: 10) { edges { distanceKm node { id name categories { code } locations { name comune { name } } } } }
              search: services(search: "italiano", first: 10) { nodes { id name } }
            }
            """;
        var variables = new { near = new { latitude = 43.7696, longitude = 11.2558, radiusKm = 50 } };
        using var source = new DirectoryApiFactory();
        var expected = (await source.Query(query, variables)).Ok().ToJsonString();
        Assert.Contains("\"distanceKm\"", expected, StringComparison.Ordinal);

        using var copy = new DirectoryApiFactory { StartFromSeededCopy = false };
        System.IO.Directory.CreateDirectory(copy.DataDirectory);
        await SqliteFileLayout.CopyAsync(DatabasePath(source), Path.Combine(copy.DataDirectory, "directory.db"));
        Assert.Equal(expected, (await copy.Query(query, variables)).Ok().ToJsonString());

        // The spatial index's triggers came across: a place moved is found at its new point.
        await using var connection = Open(DatabasePath(copy));
        var location = await Scalar(connection, """SELECT min("Id") FROM "Locations" WHERE "Latitude" IS NOT NULL""");
        await Execute(connection, $"""UPDATE "Locations" SET "Latitude" = 45.0, "Longitude" = 9.0 WHERE "Id" = {location}""");
        Assert.Equal(1, await Scalar(connection, $"""SELECT count(*) FROM "LocationGeoIndex" WHERE "id" = {location} AND "minLat" <= 45.0 AND "maxLat" >= 45.0 AND "minLon" <= 9.0 AND "maxLon" >= 9.0"""));
    }

    [Fact]
    public async Task Tables_pages_read_come_before_full_text_indexes_and_histories()
    {
        using var source = new DirectoryApiFactory();
        _ = source.Services;
        await using (var filling = Open(DatabasePath(source)))
        {
            // The spatial index of listed services was created by a later migration than the full-text index, so in the
            // source its pages follow the full-text index's; entries enough for pages below its root (these point at no
            // service: this database only serves the layout).
            await Execute(filling, """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO "ServiceGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                SELECT (1000000 + i) << 32, 43 + i / 1000.0, 43 + i / 1000.0, 11 + i / 1000.0, 11 + i / 1000.0 FROM n
                """);
        }

        var target = Path.Combine(_folder, "copy.db");
        await SqliteFileLayout.CopyAsync(DatabasePath(source), target);

        await using var connection = Open(target);
        var pageSize = (int)await Scalar(connection, "PRAGMA page_size");
        var roots = new Dictionary<string, long>();
        foreach (var row in await Strings(connection, """SELECT "name" || ' ' || "rootpage" FROM sqlite_schema WHERE "rootpage" > 0"""))
        {
            roots[row[..row.LastIndexOf(' ')]] = long.Parse(row[(row.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        await connection.CloseAsync();
        var file = await File.ReadAllBytesAsync(target);
        // Root pages are allocated when tables are created, in the order they were first created; the pages below them
        // are laid out by the copy.
        IEnumerable<long> Pages(params string[] tables) => tables.SelectMany(t => BTreePages(file, pageSize, roots[t]).Where(p => p != roots[t]));
        var lastOfFirst = Pages("Services", "Locations", "ServiceAtLocations", "ServiceGeoIndex_node", "IX_Locations_Point").DefaultIfEmpty().Max();
        var firstOfLast = Pages("SearchIndex_data", "SearchIndex_content", "SearchTrigrams_data", "SearchTrigrams_content").DefaultIfEmpty().Min();
        Assert.True(lastOfFirst > 0 && firstOfLast > 0, "the demonstration data should give these tables pages below their roots");
        Assert.True(lastOfFirst < firstOfLast, $"last page of the tables read by pages {lastOfFirst}, first page of the full-text index {firstOfLast}");
    }

    /// <summary>The pages of the b-tree rooted at <paramref name="root"/> (interior and leaf pages, not overflow pages), read from the file's bytes.</summary>
    private static IEnumerable<long> BTreePages(byte[] file, int pageSize, long root)
    {
        var pending = new Stack<long>([root]);
        while (pending.TryPop(out var page))
        {
            yield return page;
            var start = (int)((page - 1) * pageSize);
            var header = start + (page == 1 ? 100 : 0);
            if (file[header] is not (0x02 or 0x05))
            {
                continue; // a leaf
            }

            int Word(int at) => (file[at] << 8) | file[at + 1];
            long Page(int at) => ((long)file[at] << 24) | ((long)file[at + 1] << 16) | ((long)file[at + 2] << 8) | file[at + 3];
            var cells = Word(header + 3);
            pending.Push(Page(header + 8));
            for (var i = 0; i < cells; i++)
            {
                pending.Push(Page(start + Word(header + 12 + (2 * i))));
            }
        }
    }

    [Fact]
    public async Task An_existing_target_is_refused_and_left_alone()
    {
        using var source = new DirectoryApiFactory();
        _ = source.Services;
        var target = Path.Combine(_folder, "existing.db");
        await File.WriteAllTextAsync(target, "keep me");

        var error = await Assert.ThrowsAsync<IOException>(() => SqliteFileLayout.CopyAsync(DatabasePath(source), target));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task A_copy_stopped_half_way_leaves_no_file()
    {
        using var source = new DirectoryApiFactory();
        _ = source.Services;
        var target = Path.Combine(_folder, "stopped.db");
        using var cancellation = new CancellationTokenSource();
        var copied = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteFileLayout.CopyAsync(DatabasePath(source), target, (_, _) =>
        {
            if (++copied == 3)
            {
                cancellation.Cancel();
            }
        }, cancellation.Token));

        Assert.Equal(3, copied);
        Assert.Empty(System.IO.Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_missing_source_is_named()
    {
        var missing = Path.Combine(_folder, "missing.db");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => SqliteFileLayout.CopyAsync(missing, Path.Combine(_folder, "copy.db")));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.GetFiles(_folder));
    }

    [Fact]
    public void Order_puts_the_first_tables_first_the_others_as_created_and_the_last_ones_last()
    {
        string[] created = ["Categories", "SearchIndex_data", "Procedures", "Services", "ChangeLog", "Regions", "SearchTrigrams_data", "Schedules", "Phones"];

        var order = SqliteFileLayout.Order(created).ToList();

        Assert.Equal(["Regions", "Categories", "Services", "Schedules", "Phones", "Procedures", "ChangeLog", "SearchTrigrams_data", "SearchIndex_data"], order);
    }

    private static string DatabasePath(DirectoryApiFactory factory) => Path.Combine(factory.DataDirectory, "directory.db");

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Rows of <paramref name="table"/> (in the source), and rows only in the source or only in the copy.</summary>
    private static async Task<(long Rows, long Missing, long Extra)> Compare(SqliteConnection connection, string table)
    {
        var quoted = "\"" + table + "\"";
        return (await Scalar(connection, $"SELECT count(*) FROM src.{quoted}"),
            await Scalar(connection, $"SELECT count(*) FROM (SELECT * FROM src.{quoted} EXCEPT SELECT * FROM main.{quoted})"),
            await Scalar(connection, $"SELECT count(*) FROM (SELECT * FROM main.{quoted} EXCEPT SELECT * FROM src.{quoted})"));
    }

    private static Task<List<string>> Schema(SqliteConnection connection, string database) =>
        Strings(connection, $"""SELECT "type" || ' ' || "name" || ' ' || "tbl_name" || ' ' || coalesce("sql", '') FROM {database}.sqlite_schema ORDER BY 1""");

    private static async Task<List<string>> Strings(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarObject(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql) =>
        Convert.ToInt64(await ScalarObject(connection, sql), CultureInfo.InvariantCulture);
}
