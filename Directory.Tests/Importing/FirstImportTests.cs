using Directory.Model.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

/// <summary>
/// A first import in many batches (importer round 5): the full-text index is refreshed once per batch, just before
/// it commits, without savepoints, and the run's connection settings (page cache, temporary storage)
/// last only as long as the run.
/// </summary>
public sealed class FirstImportTests
{
    [Fact]
    public async Task A_first_import_in_many_batches_indexes_each_record_once_with_its_organization()
    {
        // Batches of two rows: nine services of three organizations, the last three of an organization named "zafferano".
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 9)
            .Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: i > 6 ? "zafferano" : $"org-{(i + 2) / 3}"))
            .ToArray();
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        Assert.Equal(0, result.Run.Rejected);
        Assert.Equal(9 + 3 + 9, result.Run.Created);

        await using var db = await harness.DbAsync();
        Assert.Equal(0, await CountAsync(db, """SELECT COUNT(*) AS "Value" FROM "SearchIndexQueue" """));
        // One document per service and organization, in both full-text tables.
        Assert.Equal(12, await CountAsync(db, """SELECT COUNT(*) AS "Value" FROM "SearchIndex" """));
        Assert.Equal(12, await CountAsync(db, """SELECT COUNT(*) AS "Value" FROM "SearchTrigrams" """));
        // The organization and its three services (whose documents carry its name), though the organization was
        // stored in the batch before the last two of them.
        Assert.Equal(4, await CountAsync(db, """SELECT COUNT(*) AS "Value" FROM "SearchIndex" WHERE "SearchIndex" MATCH '"zafferano"' """));
        Assert.Equal(4, await CountAsync(db, """SELECT COUNT(*) AS "Value" FROM "SearchTrigrams" WHERE "SearchTrigrams" MATCH '"zafferano"' """));
        // FTS5's own check of its index against its content (throws when they differ).
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "SearchIndex" ("SearchIndex") VALUES ('integrity-check')""");
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "SearchTrigrams" ("SearchTrigrams") VALUES ('integrity-check')""");
    }

    [Fact]
    public async Task A_run_hands_its_pooled_connection_back_with_the_settings_it_found()
    {
        const string ConnectionString = "Data Source={folder}/directory.db;Pooling=True";
        // The app's own page cache left at SQLite's default, so that its connections and fresh ones start alike.
        await using var harness = await ImportHarness.CreateAsync(new() { ["Directory:Data:ConnectionString"] = ConnectionString, ["Directory:Data:PageCacheMiB"] = "0" });
        var pooled = ConnectionString.Replace("{folder}", harness.Folder, StringComparison.Ordinal);
        var before = await SettingsAsync(pooled, connections: 1);

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()))));
        Assert.Equal(3 + 2 + 3, result.Run.Created);

        // Every connection the pool holds (the run's among them) and a few new ones: as before the run.
        var after = await SettingsAsync(pooled, connections: 8);
        Assert.All(after, settings => Assert.Equal(before[0], settings));
    }

    [Fact]
    public async Task Rows_inserted_several_per_statement_get_their_own_keys_in_order()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using var db = await harness.DbAsync();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        using var inserter = new global::Directory.Importers.Sync.RowInserter(db, TimeProvider.System);
        var organization = new global::Directory.Model.Organizations.Organization { Name = "Ente", Source = "test", ExternalId = "org-x" };
        var organizationId = inserter.Add(organization);
        // More rows than one statement holds: two statements, the second of fewer rows.
        var phones = Enumerable.Range(1, global::Directory.Importers.Sync.RowInserter.MaxRowsPerStatement + 3)
            .Select(i => new global::Directory.Model.Common.Phone { Number = $"+39 055 {i:D6}", OrganizationId = organizationId, Source = "test" })
            .ToList();
        inserter.AddRange(phones);
        await transaction.CommitAsync();

        var stored = await db.Phones.AsNoTracking().Where(p => p.OrganizationId == organizationId).OrderBy(p => p.Id).Select(p => new { p.Id, p.Number }).ToListAsync();
        Assert.Equal(phones.Select(p => (p.Id, p.Number)), stored.Select(p => (p.Id, p.Number)));
        Assert.Equal(phones.Count, phones.Select(p => p.Id).Distinct().Count());
        Assert.Equal(1 + phones.Count, inserter.Rows);
    }

    /// <summary>Page cache, temporary storage, checkpoint threshold and durability of that many connections open at once.</summary>
    private static async Task<List<string>> SettingsAsync(string connectionString, int connections)
    {
        var open = new List<SqliteConnection>();
        try
        {
            var settings = new List<string>();
            for (var i = 0; i < connections; i++)
            {
                var connection = new SqliteConnection(connectionString);
                open.Add(connection);
                await connection.OpenAsync();
                var values = new List<string>();
                foreach (var pragma in new[] { "cache_size", "temp_store", "wal_autocheckpoint", "synchronous" })
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA " + pragma;
                    values.Add($"{pragma}={await command.ExecuteScalarAsync()}");
                }

                settings.Add(string.Join(' ', values));
            }

            return settings;
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static Task<int> CountAsync(DirectoryDbContext db, string sql) => db.Database.SqlQueryRaw<int>(sql).SingleAsync();
}
