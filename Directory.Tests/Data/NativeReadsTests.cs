using System.Collections;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using Directory.Tests.Geo;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Data;

/// <summary>
/// Native reads (<see cref="NativeReads"/>: statements kept prepared per SQLite connection, rows read into entities
/// from the EF model) give what EF Core gives: the same entities, and the same API answers with the option on and off.
/// </summary>
public sealed class NativeReadsTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    [Fact]
    public async Task Entities_read_natively_equal_those_EF_Core_reads()
    {
        await using var db = await geo.CreateDbContextAsync();
        Assert.True(db.NativeReads);
        await AssertSameAsync<Service>(db);
        await AssertSameAsync<Organization>(db);
        await AssertSameAsync<Location>(db);
        await AssertSameAsync<ServiceAtLocation>(db);
        await AssertSameAsync<Schedule>(db);
        await AssertSameAsync<SpecialHours>(db);
        await AssertSameAsync<RepresentativeCouncil>(db);
        await AssertSameAsync<Category>(db);
        await AssertSameAsync<Procedure>(db);
    }

    [Fact]
    public async Task Entities_with_owned_values_are_left_to_EF_Core()
    {
        await using var db = await geo.CreateDbContextAsync();

        // Associations keep their social links as owned values: no native reader, so lists of them stay on EF Core.
        Assert.Null(EntityReader.TryFor<Association>(db.Model));
        Assert.False(NativeReads.Enabled<Association>(db));
        Assert.True(NativeReads.Enabled<Service>(db));
        Assert.Throws<NotSupportedException>(() => EntityReader.For<Association>(db.Model));
    }

    [Fact]
    public async Task A_connection_opened_for_a_native_read_gets_the_settings_and_is_counted()
    {
        SqliteConnection.ClearAllPools();
        await using var db = await geo.CreateDbContextAsync();
        var counter = geo.Api.Services.GetRequiredService<SqlCommandCounter>();
        var before = counter.Count;

        var settings = await NativeReads.RunAsync(db, "SELECT f.foreign_keys, b.timeout FROM pragma_foreign_keys AS f, pragma_busy_timeout AS b", s =>
        {
            Assert.True(s.Step());
            return (s.Whole(0), s.Whole(1));
        }, default);

        Assert.Equal((1L, 5000L), settings);
        Assert.True(counter.Count > before);
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task Kept_statements_are_not_prepared_again_when_pooled_connections_are_reopened()
    {
        var reprepared = new List<int>();
        for (var round = 0; round < 6; round++)
        {
            await using var db = await geo.CreateDbContextAsync();
            Assert.True(await db.Services.AnyAsync()); // EF Core opens (and sets up) the connection too
            reprepared.Add(await NativeReads.RunAsync(db, "SELECT count(*) FROM \"Categories\"", s =>
            {
                Assert.True(s.Step());
                return s.Reprepared;
            }, default));
        }

        // Registering a function on a connection (as Microsoft.Data.Sqlite does at every open for functions created through it) would expire them.
        Assert.All(reprepared, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task The_distance_function_is_the_CSharp_haversine_and_null_for_missing_coordinates()
    {
        await using var db = await geo.CreateDbContextAsync();
        var (distance, missing) = await NativeReads.RunAsync(db, "SELECT geo_distance_km(43.77, 11.25, 43.32, 11.33), geo_distance_km(43.77, NULL, 43.32, 11.33)", s =>
        {
            Assert.True(s.Step());
            return (s.Real(0), s.IsNull(1));
        }, default);

        Assert.Equal(Directory.Model.Geo.GeoMath.HaversineKm(43.77, 11.25, 43.32, 11.33), distance);
        Assert.True(missing);
    }

    [Fact]
    public async Task Inside_a_transaction_native_reads_see_its_uncommitted_changes()
    {
        await using var db = await geo.CreateDbContextAsync();
        var id = await db.Services.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE \"Services\" SET \"Name\" = 'Renamed in a transaction' WHERE \"Id\" = {id}");

        var inside = await NativeReads.ByIdsAsync<Service>(db, [id], s => s.Id, default);
        await transaction.RollbackAsync();
        var after = await NativeReads.ByIdsAsync<Service>(db, [id], s => s.Id, default);

        Assert.Equal("Renamed in a transaction", inside[id].Name);
        Assert.NotEqual("Renamed in a transaction", after[id].Name);
    }

    [Fact]
    public async Task By_ids_reads_exactly_the_records_asked_for()
    {
        await using var db = await geo.CreateDbContextAsync();
        var ids = await db.Services.OrderBy(s => s.Id).Select(s => s.Id).Take(5).ToListAsync();
        var read = await NativeReads.ByIdsAsync<Service>(db, [.. ids, 987_654_321], s => s.Id, default);

        Assert.Equal(ids, read.Keys.Order());
        Assert.All(ids, id => Assert.Equal(id, read[id].Id));
    }

    [Theory]
    [InlineData("""
        query($near: Near!) {
          services(near: $near, first: 20) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { distanceKm node { id name languages targetGroups isFree withdrawnAt createdAt
              categories { code name } locations { name latitude longitude coordinateQuality comune { name } } } }
          }
        }
        """)]
    [InlineData("""
        query($near: Near!) {
          services(near: $near, first: 5, after: "Y3Vyc29yOjQ") { edges { cursor distanceKm node { id name organization { name kind } } } }
        }
        """)]
    [InlineData("""
        query {
          services(first: 30, filter: { region: "09" }) {
            nodes { id name organization { name } categories { code }
              serviceAtLocations { location { name addressLine1 comune { name } } schedules { dayOfWeek opens closes } specialHours { date } } }
          }
        }
        """)]
    [InlineData("""
        query($near: Near!) {
          locations(near: $near, first: 15) { edges { distanceKm node { id name wheelchairAccessible serviceAtLocations { service { name } } } } }
          associations(near: $near, first: 10) { edges { distanceKm node { id name } } }
          councils(near: $near, first: 10) { edges { distanceKm node { id name } } }
        }
        """)]
    [InlineData("""
        query($near: Near!) {
          services(search: "italiano", near: { latitude: 43.77, longitude: 11.25, radiusKm: 50 }, first: 10) { edges { distanceKm node { id name } } }
          near: services(search: "geo test", near: $near, rankBy: RELEVANCE, first: 10) { edges { distanceKm node { id name } } }
        }
        """)]
    public async Task The_API_answers_the_same_with_native_reads_on_and_off(string query)
    {
        using var viaEfCore = new DirectoryApiFactory { SharedWith = geo.Api, NativeReads = false };
        var variables = new { near = new { latitude = GeoApiFactory.CenterLatitude, longitude = GeoApiFactory.CenterLongitude, radiusKm = 40 } };

        var native = (await geo.Query(query, variables)).Ok().ToJsonString();
        var efCore = (await viaEfCore.Query(query, variables)).Ok().ToJsonString();

        Assert.Equal(efCore, native);
        Assert.Contains("\"id\"", native, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_by_id_are_the_same_with_native_reads_on_and_off()
    {
        using var viaEfCore = new DirectoryApiFactory { SharedWith = geo.Api, NativeReads = false };
        await using var db = await geo.CreateDbContextAsync();
        var service = await db.Services.OrderBy(s => s.Id).FirstAsync();
        var location = await db.Locations.OrderBy(l => l.Id).FirstAsync();
        const string Query = """
            query($s: ID!, $l: ID!) {
              s: node(id: $s) { ... on Service { name url languages organization { name } } }
              l: node(id: $l) { ... on Location { name latitude comune { name } } }
              service(id: $s) { name }
            }
            """;
        var variables = new { s = GeoApiFactory.GlobalId("Service", service.Id), l = GeoApiFactory.GlobalId("Location", location.Id) };

        var native = (await geo.Query(Query, variables)).Ok();

        Assert.Equal((await viaEfCore.Query(Query, variables)).Ok().ToJsonString(), native.ToJsonString());
        Assert.Equal(service.Name, native["s"]!["name"]!.GetValue<string>());
        Assert.Equal(location.Name, native["l"]!["name"]!.GetValue<string>());
    }

    /// <summary>Every row of <typeparamref name="T"/>, read natively and by EF Core, property by property.</summary>
    private static async Task AssertSameAsync<T>(DirectoryDbContext db)
        where T : Entity
    {
        var expected = await db.Set<T>().OrderBy(e => e.Id).ToListAsync();
        var reader = EntityReader.For<T>(db.Model);
        var actual = await NativeReads.RunAsync(db, $"""SELECT {reader.Columns("t")} FROM "{reader.Table}" AS "t" ORDER BY "t"."Id" """, statement =>
        {
            var rows = new List<T>();
            while (statement.Step())
            {
                rows.Add(reader.Read(statement));
            }

            return rows;
        }, default);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var property in db.Model.FindEntityType(typeof(T))!.GetProperties())
        {
            for (var i = 0; i < expected.Count; i++)
            {
                var want = property.PropertyInfo!.GetValue(expected[i]);
                var got = property.PropertyInfo.GetValue(actual[i]);
                var what = $"{typeof(T).Name} {expected[i].Id} {property.Name}";
                if (want is IEnumerable list and not string)
                {
                    Assert.True(got is IEnumerable, what);
                    Assert.Equal(list.Cast<object>(), ((IEnumerable)got!).Cast<object>());
                }
                else
                {
                    Assert.True(Equals(want, got), $"{what}: EF Core {want}, native {got}");
                    if (want is DateTime time)
                    {
                        Assert.Equal(time.Kind, ((DateTime)got!).Kind);
                    }
                }
            }
        }
    }
}

/// <summary><see cref="NativeStatement"/> on its own: kept per native connection, reset after use, safe to nest, and errors as SQLite's.</summary>
public sealed class NativeStatementTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "directory-tests", $"native-{Guid.NewGuid():N}.db");

    public NativeStatementTests()
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);
            INSERT INTO "t" VALUES (1, 'uno'), (2, 'due'), (3, 'tre');
            """;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_statement_is_kept_by_its_native_connection_across_pooled_opens()
    {
        NativeStatement first;
        using (var connection = Open())
        {
            first = NativeStatement.Rent(connection, "SELECT \"name\" FROM \"t\" WHERE \"id\" = ?1");
            Assert.Equal(["due"], Names(first.Bind(1, 2L)));
            first.Dispose();
        }

        using var again = Open();
        using var second = NativeStatement.Rent(again, "SELECT \"name\" FROM \"t\" WHERE \"id\" = ?1");

        Assert.Same(first, second);
        Assert.Equal(["tre"], Names(second.Bind(1, 3L)));
    }

    [Fact]
    public void A_disposed_statement_starts_again_from_the_first_row_and_unbound()
    {
        using var connection = Open();
        using (var statement = NativeStatement.Rent(connection, "SELECT \"name\" FROM \"t\" WHERE \"id\" >= coalesce(?1, 0) ORDER BY \"id\""))
        {
            statement.Bind(1, 2L);
            Assert.True(statement.Step());
        }

        using var reused = NativeStatement.Rent(connection, "SELECT \"name\" FROM \"t\" WHERE \"id\" >= coalesce(?1, 0) ORDER BY \"id\"");
        Assert.Equal(["uno", "due", "tre"], Names(reused));
    }

    [Fact]
    public void The_same_statement_read_while_it_is_being_read_gets_its_own_copy()
    {
        using var connection = Open();
        const string Sql = "SELECT \"id\" FROM \"t\" WHERE \"id\" IN (SELECT \"value\" FROM json_each(?1)) ORDER BY \"id\"";
        using var outer = NativeStatement.Rent(connection, Sql).BindJsonArray(1, [1, 3]);
        var pairs = new List<(long, long)>();
        while (outer.Step())
        {
            using var inner = NativeStatement.Rent(connection, Sql).BindJsonArray(1, [2]);
            Assert.NotSame(outer, inner);
            Assert.True(inner.Step());
            pairs.Add((outer.Whole(0), inner.Whole(0)));
        }

        Assert.Equal([(1L, 2L), (3L, 2L)], pairs);
    }

    [Fact]
    public void A_kept_statement_follows_schema_changes()
    {
        using var connection = Open();
        const string Sql = "SELECT * FROM \"t\" WHERE \"id\" = ?1";
        using (var statement = NativeStatement.Rent(connection, Sql).Bind(1, 1L))
        {
            Assert.True(statement.Step());
        }

        Execute(connection, "ALTER TABLE \"t\" ADD COLUMN \"extra\" TEXT DEFAULT 'x'; CREATE INDEX \"ix_t_name\" ON \"t\" (\"name\");");
        using (var statement = NativeStatement.Rent(connection, Sql).Bind(1, 1L))
        {
            Assert.True(statement.Step());
            Assert.Equal("x", statement.Text(2));
        }

        Execute(connection, "DROP TABLE \"t\";");
        using var dropped = NativeStatement.Rent(connection, Sql).Bind(1, 1L);
        var error = Assert.Throws<SqliteException>(() => dropped.Step());
        Assert.Contains("no such table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_SQL_and_unknown_parameters_are_SQLite_errors_naming_the_problem()
    {
        using var connection = Open();

        var error = Assert.Throws<SqliteException>(() => NativeStatement.Rent(connection, "SELECT \"nope\" FROM \"t\""));
        Assert.Contains("no such column", error.Message, StringComparison.Ordinal);
        using var statement = NativeStatement.Rent(connection, "SELECT \"id\" FROM \"t\" WHERE \"id\" = $id");
        Assert.Throws<ArgumentException>(() => statement.Bind("$other", 1L));
        using var named = NativeStatement.Rent(connection, "SELECT \"name\" FROM \"t\" WHERE \"id\" = $id").Bind("$id", 1L);
        Assert.Equal(["uno"], Names(named));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.Delete(_file);
    }

    private static List<string> Names(NativeStatement statement)
    {
        var names = new List<string>();
        while (statement.Step())
        {
            names.Add(statement.Text(0));
        }

        return names;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_file};Pooling=True");
        connection.Open();
        return connection;
    }
}

/// <summary>Date-times as EF Core stores them on SQLite, read without a string, exactly as <see cref="DateTime.Parse(string, IFormatProvider)"/> reads them.</summary>
public sealed class StoredDateTimeTests
{
    [Theory]
    [InlineData("2026-11-26 12:34:56")]
    [InlineData("2026-11-26 12:34:56.1234567")]
    [InlineData("2026-11-26 12:34:56.5")]
    [InlineData("2024-02-29 00:00:00.0000001")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59.9999999")]
    [InlineData("2026-11-26T07:08:09.25")]
    public void The_stored_form_reads_as_DateTime_Parse_reads_it(string text)
    {
        Assert.True(ProviderValues.TryParseStored(System.Text.Encoding.UTF8.GetBytes(text), out var value));

        var expected = DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Kind, value.Kind);
    }

    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2026-11-26 12:34:56Z")]
    [InlineData("2026-11-26 12:34:56+01:00")]
    [InlineData("2026-02-30 12:34:56")]
    [InlineData("2026-13-01 12:34:56")]
    [InlineData("2026-11-26 24:00:00")]
    [InlineData("2026-11-26 12:34:56.12345678")]
    [InlineData("2026-11-26 12:34:5x")]
    [InlineData("0000-01-01 00:00:00")]
    public void Anything_else_is_left_to_DateTime_Parse(string text) =>
        Assert.False(ProviderValues.TryParseStored(System.Text.Encoding.UTF8.GetBytes(text), out _));
}
