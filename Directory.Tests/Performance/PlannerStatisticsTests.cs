using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Seeding;
using Directory.Tests.Importing;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// SQLite's planner needs statistics (<c>sqlite_stat1</c>) to choose between indexes; a database created and filled by
/// the API and the importers gets them at start-up and after every import that wrote rows (<see cref="PlannerStatistics"/>).
/// </summary>
public sealed class PlannerStatisticsTests
{
    private static readonly string[] SearchedTables = ["Services", "Locations", "ServiceAtLocations", "ServiceCategories", "Comuni"];

    [Fact]
    public async Task Start_up_gives_statistics_to_a_database_that_has_none()
    {
        await using var api = new DirectoryApiFactory();
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "sqlite_stat1"; ANALYZE "sqlite_schema";""");
            Assert.Empty(await StatisticsAsync(db, "Services"));
        }

        await api.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        await using (var db = await factory.CreateDbContextAsync())
        {
            foreach (var table in SearchedTables)
            {
                Assert.NotEmpty(await StatisticsAsync(db, table));
            }

            var services = await db.Services.IgnoreQueryFilters().CountAsync();
            Assert.Equal(services, RowCount(Assert.Single(await StatisticsAsync(db, "Services", "IX_Services_Name"))));
        }
    }

    [Fact]
    public async Task An_import_that_wrote_rows_brings_the_statistics_up_to_date()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 80).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: $"org-{i % 3}")).ToArray();

        // First run: tables that were empty now hold rows without statistics (a full analysis).
        var first = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[..2]))));
        Assert.Equal((ImportRunStatus.Succeeded, 2 + 2 + 2), (first.Run.Status, first.Run.Created));
        Assert.Equal(2, await ServicesInStatisticsAsync(harness));

        // Second run: the tables have statistics, which no longer hold (40 times as many services).
        var second = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        Assert.Equal((ImportRunStatus.Succeeded, 78 + 78 + 1), (second.Run.Status, second.Run.Created));
        Assert.Equal(80, await ServicesInStatisticsAsync(harness));
    }

    private static async Task<int> ServicesInStatisticsAsync(ImportHarness harness)
    {
        await using var db = await harness.DbAsync();
        return RowCount(Assert.Single(await StatisticsAsync(db, "Services", "IX_Services_Name")));
    }

    [Fact]
    public async Task A_dry_run_leaves_the_statistics_alone()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using (var db = await harness.DbAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""ANALYZE; DELETE FROM "sqlite_stat1" WHERE "tbl" = 'Services';""");
        }

        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Service("svc-1", "Sportello 1"), Feeds.Service("svc-2", "Sportello 2")));
        await harness.RunAsync(TestSources.Hsds(path: feed), dryRun: true);

        await using (var db = await harness.DbAsync())
        {
            Assert.Empty(await StatisticsAsync(db, "Services"));
        }
    }

    /// <summary>The <c>stat</c> column of the table's rows in <c>sqlite_stat1</c> (of one index, when given).</summary>
    private static async Task<List<string>> StatisticsAsync(DirectoryDbContext db, string table, string? index = null)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """SELECT "stat" FROM "sqlite_stat1" WHERE "tbl" = $table AND ($index IS NULL OR "idx" = $index)""";
        command.Parameters.Add(new SqliteParameter("$table", table));
        command.Parameters.Add(new SqliteParameter("$index", (object?)index ?? DBNull.Value));
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>The first number of a <c>sqlite_stat1</c> row: the rows of the table (or of the partial index).</summary>
    private static int RowCount(string stat) => int.Parse(stat.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
