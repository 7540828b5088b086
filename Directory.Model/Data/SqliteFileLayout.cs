using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Directory.Model.Data;

/// <summary>
/// Rewrites an SQLite database into a new file with the tables that pages of services read laid out first.
/// <para>
/// SQLite reads a file through its memory map only up to 2 GiB (<c>SQLITE_MAX_MMAP_SIZE</c>); every page beyond it is
/// read with a system call into the page cache, which costs several times more (hash lookups, copies). A database
/// grown by imports and migrations interleaves its tables over the whole file, and tables added by later migrations
/// (the spatial indexes) sit at its end: at a million services (3.3 GB) the spatial index and the covering index of
/// coordinates lay entirely beyond the map. SQLite's own <c>VACUUM</c> keeps the order in which tables were created.
/// </para>
/// <para>
/// The copy creates every table first, then copies them one at a time, each followed by its indexes, in the order of
/// <see cref="FirstTables"/>, then the others in the order they were created, then <see cref="LastTables"/> (large,
/// read only by full-text searches and histories); the shadow tables of virtual tables (R*Tree, FTS5) are copied as
/// they are; triggers and views are created last. Everything is read in one transaction, so the copy is one consistent
/// snapshot of the source even while it is being written; the target is written under a temporary name and renamed
/// when complete, so a failed copy leaves nothing behind.
/// </para>
/// </summary>
public static class SqliteFileLayout
{
    /// <summary>
    /// Tables read by pages of services near a point or in a comune, in file order: reference data, the spatial index of
    /// listed services, services, their places and links, organizations, the spatial index of all places.
    /// </summary>
    public static readonly IReadOnlyList<string> FirstTables =
    [
        "Regions", "Provinces", "Comuni", "Categories",
        "ServiceGeoIndex_node", "ServiceGeoIndex_parent", "ServiceGeoIndex_rowid",
        "Services", "Locations", "ServiceAtLocations", "ServiceCategories", "Organizations",
        "LocationGeoIndex_node", "LocationGeoIndex_parent", "LocationGeoIndex_rowid",
        "Translations", "Schedules", "SpecialHours", "Phones", "ServiceAreas",
    ];

    /// <summary>Table name prefixes laid out last: full-text indexes (read by searches only) and histories.</summary>
    public static readonly IReadOnlyList<string> LastTables =
    [
        "ChangeLog", "FieldProvenance", "RecordProvenance", "ImportRunErrors",
        "SearchTrigrams_", "SearchIndex_",
    ];

    /// <summary>What one copy did.</summary>
    public sealed record Report(IReadOnlyList<(string Table, long Rows)> Tables, long Pages, long PageSize);

    /// <summary>
    /// Copies the database at <paramref name="sourcePath"/> into a new file at <paramref name="targetPath"/> (which must
    /// not exist), tables in the order described on <see cref="SqliteFileLayout"/>.
    /// </summary>
    public static async Task<Report> CopyAsync(string sourcePath, string targetPath, Action<string, long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        if (!File.Exists(sourcePath))
        {
            throw new FileNotFoundException($"No database at {sourcePath}.", sourcePath);
        }

        if (File.Exists(targetPath))
        {
            throw new IOException($"{targetPath} already exists; the copy is written to a new file only.");
        }

        var partial = targetPath + ".partial";
        DeleteDatabaseFiles(partial);
        try
        {
            var report = await WriteAsync(Path.GetFullPath(sourcePath), partial, progress, cancellationToken).ConfigureAwait(false);
            SqliteConnection.ClearAllPools();
            File.Move(partial, targetPath);
            return report;
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            DeleteDatabaseFiles(partial);
            throw;
        }
    }

    private static async Task<Report> WriteAsync(string sourcePath, string targetPath, Action<string, long>? progress, CancellationToken cancellationToken)
    {
        // Opened by URI, so that the source can be attached read-only by URI (SQLite reads URIs in ATTACH only on
        // connections opened with one): nothing in the source can be written, not even a checkpoint on detaching.
        var builder = new SqliteConnectionStringBuilder { DataSource = Uri(targetPath), Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        await using var target = new SqliteConnection(builder.ToString());
        await target.OpenAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(target, "ATTACH DATABASE $source AS src", cancellationToken, ("$source", Uri(sourcePath) + "?mode=ro")).ConfigureAwait(false);
        var pageSize = await ScalarAsync(target, "PRAGMA src.page_size", cancellationToken).ConfigureAwait(false);
        var journal = (string?)await ScalarObjectAsync(target, "PRAGMA src.journal_mode", cancellationToken).ConfigureAwait(false) ?? "delete";
        await ExecuteAsync(target, $"""
            PRAGMA main.page_size = {pageSize};
            PRAGMA main.auto_vacuum = {await ScalarAsync(target, "PRAGMA src.auto_vacuum", cancellationToken).ConfigureAwait(false)};
            PRAGMA main.journal_mode = OFF;
            PRAGMA main.synchronous = OFF;
            PRAGMA foreign_keys = OFF;
            """, cancellationToken).ConfigureAwait(false);

        // Everything from here on, the schema included, is read in one transaction: one snapshot of the source.
        await ExecuteAsync(target, "BEGIN", cancellationToken).ConfigureAwait(false);
        var schema = new List<(string Type, string Name, string Table, string? Sql)>();
        await using (var command = target.CreateCommand())
        {
            command.CommandText = """SELECT "type", "name", "tbl_name", "sql" FROM src.sqlite_schema ORDER BY "rowid" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                schema.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        var virtualTables = schema.Where(s => s.Type == "table" && IsVirtual(s.Sql)).Select(s => s.Name).ToList();
        bool IsShadow(string name) => virtualTables.Any(v => name.StartsWith(v + "_", StringComparison.Ordinal));
        var tables = schema.Where(s => s.Type == "table" && s.Sql is not null && !IsVirtual(s.Sql) && !s.Name.StartsWith("sqlite_", StringComparison.Ordinal)).Select(s => s.Name).ToList();

        foreach (var (_, name, _, sql) in schema.Where(s => s.Type == "table" && s.Sql is not null && !s.Name.StartsWith("sqlite_", StringComparison.Ordinal) && !IsShadow(s.Name)))
        {
            await ExecuteAsync(target, sql!, cancellationToken).ConfigureAwait(false);
        }

        var copied = new List<(string, long)>();
        foreach (var table in Order(tables))
        {
            if (IsShadow(table))
            {
                // Created with their virtual table, with its initial rows (an empty root node, a configuration).
                await ExecuteAsync(target, $"DELETE FROM main.{Quote(table)}", cancellationToken).ConfigureAwait(false);
            }

            var rows = await ExecuteAsync(target, $"INSERT INTO main.{Quote(table)} SELECT * FROM src.{Quote(table)}", cancellationToken).ConfigureAwait(false);
            var expected = await ScalarAsync(target, $"SELECT count(*) FROM src.{Quote(table)}", cancellationToken).ConfigureAwait(false);
            if (rows != expected)
            {
                throw new InvalidOperationException($"Copying {table} wrote {rows} rows of {expected}.");
            }

            foreach (var index in schema.Where(s => s.Type == "index" && s.Table == table && s.Sql is not null))
            {
                await ExecuteAsync(target, index.Sql!, cancellationToken).ConfigureAwait(false);
            }

            copied.Add((table, rows));
            progress?.Invoke(table, rows);
        }

        if (schema.Any(s => s.Name == "sqlite_sequence"))
        {
            await ExecuteAsync(target, """DELETE FROM main.sqlite_sequence; INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence;""", cancellationToken).ConfigureAwait(false);
        }

        if (schema.Any(s => s.Name == "sqlite_stat1"))
        {
            // ANALYZE of the schema table creates sqlite_stat1; its rows are then the source's.
            await ExecuteAsync(target, """ANALYZE main.sqlite_schema; DELETE FROM main.sqlite_stat1; INSERT INTO main.sqlite_stat1 SELECT * FROM src.sqlite_stat1;""", cancellationToken).ConfigureAwait(false);
        }

        foreach (var (_, _, _, sql) in schema.Where(s => s.Type is "trigger" or "view" && s.Sql is not null))
        {
            await ExecuteAsync(target, sql!, cancellationToken).ConfigureAwait(false);
        }

        foreach (var pragma in new[] { "user_version", "application_id" })
        {
            await ExecuteAsync(target, $"PRAGMA main.{pragma} = {await ScalarAsync(target, $"PRAGMA src.{pragma}", cancellationToken).ConfigureAwait(false)}", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(target, "COMMIT", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(target, "DETACH DATABASE src", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(target, $"PRAGMA main.synchronous = FULL; PRAGMA main.journal_mode = {journal};", cancellationToken).ConfigureAwait(false);
        var pages = await ScalarAsync(target, "PRAGMA main.page_count", cancellationToken).ConfigureAwait(false);
        return new Report(copied, pages, pageSize);
    }

    /// <summary>The tables in file order: <see cref="FirstTables"/>, the others as created, then <see cref="LastTables"/>.</summary>
    internal static IEnumerable<string> Order(IReadOnlyList<string> tables)
    {
        int Last(string table) => LastTables.Select((prefix, i) => (prefix, i)).FirstOrDefault(p => table.StartsWith(p.prefix, StringComparison.Ordinal), (prefix: "", i: -1)).i;
        return FirstTables.Where(tables.Contains)
            .Concat(tables.Where(t => !FirstTables.Contains(t) && Last(t) < 0))
            .Concat(tables.Where(t => !FirstTables.Contains(t) && Last(t) >= 0).OrderBy(Last));
    }

    /// <summary>An SQLite URI of a file path (<c>%</c>, <c>?</c> and <c>#</c> escaped).</summary>
    private static string Uri(string path) =>
        "file:" + Path.GetFullPath(path).Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);

    private static bool IsVirtual(string? sql) => sql?.StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase) == true;

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarObjectAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarObjectAsync(connection, sql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
