using System.Globalization;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Organizations;
using Directory.Model.Search;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Search;

/// <summary>
/// The index is maintained through a queue of dirty documents: triggers queue exactly the documents a write changes
/// (each once), and the queue is applied after every EF Core save (in its transaction), before every search and by
/// bulk writers, so no reader sees a stale index and a failed save leaves nothing behind.
/// </summary>
public sealed class SearchIndexQueueTests : IDisposable
{
    private const string Stamp = "'2026-11-26 00:00:00'";

    private readonly DirectoryApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    private async Task<DirectoryDbContext> DbAsync() =>
        await _api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();

    /// <summary>Records whose documents the coverage cases expect, by placeholder name.</summary>
    private async Task<Dictionary<string, int>> FixtureAsync()
    {
        await using var db = await DbAsync();
        var organization = new Organization { Name = "Ente della coda", Kind = OrganizationKind.Other, Source = "queue-test" };
        var category = new Category { Code = "queue-test", Name = "Categoria della coda", Source = "queue-test" };
        var first = new Service { Name = "Sportello uno", Organization = organization, Source = "queue-test" };
        first.Categories.Add(new ServiceCategory { Category = category });
        var second = new Service { Name = "Sportello due", Organization = organization, Source = "queue-test" };
        db.AddRange(organization, category, first, second);
        await db.SaveChangesAsync();
        var step = await db.ProcedureSteps.OrderBy(s => s.Id).Select(s => new { s.Id, s.ProcedureId }).FirstAsync();
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["org"] = organization.Id,
            ["cat"] = category.Id,
            ["svc"] = first.Id,
            ["svc2"] = second.Id,
            ["proc"] = step.ProcedureId,
            ["step"] = step.Id,
            ["assoc"] = await db.Associations.MinAsync(a => a.Id),
            ["council"] = await db.Councils.MinAsync(c => c.Id),
            ["new"] = 990_001,
        };
    }

    private static string Fill(string text, Dictionary<string, int> ids) =>
        ids.OrderByDescending(p => p.Key.Length).Aggregate(text, (t, p) => t.Replace("{" + p.Key + "}", p.Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    [Theory]
    [InlineData("""INSERT INTO "Services" ("Id", "OrganizationId", "Name", "ShortDescription", "Language", "Status", "Languages", "InterpretationAvailable", "TargetGroups", "IsFree", "CreatedAt", "UpdatedAt", "Revision", "Source") VALUES ({new}, {org}, 'Sportello nuovo', 'Breve', 'it', 'Active', '["it"]', 0, '[]', 1, {stamp}, {stamp}, 1, 'queue-test')""", "1:{new}")]
    [InlineData("""UPDATE "Services" SET "Name" = 'Sportello rinominato' WHERE "Id" = {svc}""", "1:{svc}")]
    [InlineData("""UPDATE "Services" SET "IsFree" = 0 WHERE "Id" = {svc}""", "")]
    [InlineData("""DELETE FROM "Services" WHERE "Id" = {svc2}""", "1:{svc2}")]
    [InlineData("""UPDATE "Organizations" SET "Name" = 'Ente rinominato' WHERE "Id" = {org}""", "2:{org} 1:{svc} 1:{svc2}")]
    [InlineData("""UPDATE "Organizations" SET "Description" = 'Altro' WHERE "Id" = {org}""", "2:{org}")]
    [InlineData("""INSERT INTO "ServiceCategories" ("ServiceId", "CategoryId") VALUES ({svc2}, {cat})""", "1:{svc2}")]
    [InlineData("""DELETE FROM "ServiceCategories" WHERE "ServiceId" = {svc}""", "1:{svc}")]
    [InlineData("""UPDATE "Categories" SET "Name" = 'Categoria rinominata' WHERE "Id" = {cat}""", "1:{svc}")]
    [InlineData("""UPDATE "Categories" SET "Position" = 7 WHERE "Id" = {cat}""", "")]
    [InlineData("""UPDATE "Procedures" SET "Summary" = 'Altro' WHERE "Id" = {proc}""", "3:{proc}")]
    [InlineData("""INSERT INTO "ProcedureSteps" ("ProcedureId", "Position", "Title", "CreatedAt", "UpdatedAt", "Revision", "Source") VALUES ({proc}, 99, 'Passo nuovo', {stamp}, {stamp}, 1, 'queue-test')""", "3:{proc}")]
    [InlineData("""UPDATE "ProcedureSteps" SET "Title" = 'Passo rinominato' WHERE "Id" = {step}""", "3:{proc}")]
    [InlineData("""DELETE FROM "ProcedureSteps" WHERE "Id" = {step}""", "3:{proc}")]
    [InlineData("""UPDATE "Associations" SET "Description" = 'Altro' WHERE "Id" = {assoc}""", "4:{assoc}")]
    [InlineData("""UPDATE "Councils" SET "Name" = 'Consulta rinominata' WHERE "Id" = {council}""", "5:{council}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('Service', '{svc}', 'shortDescription', 'en', 'Desk', 'it', 0, {stamp}, {stamp}, 'queue-test')""", "1:{svc}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('Service', '{svc}', 'url', 'en', 'https://example.org', 'it', 0, {stamp}, {stamp}, 'queue-test')""", "")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('Organization', '{org}', 'name', 'en', 'Queue body', 'it', 0, {stamp}, {stamp}, 'queue-test')""", "2:{org} 1:{svc} 1:{svc2}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('Category', '{cat}', 'name', 'en', 'Queue category', 'it', 0, {stamp}, {stamp}, 'queue-test')""", "1:{svc}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('ProcedureStep', '{step}', 'title', 'wo', 'Step', 'it', 0, {stamp}, {stamp}, 'queue-test')""", "3:{proc}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('RepresentativeCouncil', '{council}', 'description', 'en', 'Council', 'it', 0, {stamp}, {stamp}, 'queue-test')""", "5:{council}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('Service', '{svc}', 'name', 'en', 'Desk', 'it', 0, {stamp}, {stamp}, 'queue-test'); DELETE FROM "SearchIndexQueue"; UPDATE "Translations" SET "EntityKey" = '{svc2}' WHERE "EntityType" = 'Service' AND "EntityKey" = '{svc}'""", "1:{svc} 1:{svc2}")]
    [InlineData("""INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source") VALUES ('Association', '{assoc}', 'name', 'en', 'Club', 'it', 0, {stamp}, {stamp}, 'queue-test'); DELETE FROM "SearchIndexQueue"; DELETE FROM "Translations" WHERE "EntityType" = 'Association' AND "EntityKey" = '{assoc}' AND "Source" = 'queue-test'""", "4:{assoc}")]
    public async Task A_write_queues_exactly_the_documents_it_changes(string write, string expected)
    {
        var ids = await FixtureAsync();
        await using var connection = await OpenAsync();
        Assert.Empty(await QueueAsync(connection));

        await ExecuteAsync(connection, Fill(write, ids).Replace("{stamp}", Stamp, StringComparison.Ordinal));

        var keys = Fill(expected, ids).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(keys, (await QueueAsync(connection)).Select(k => $"{k.Kind}:{k.Id}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_document_is_queued_once_however_many_rows_touch_it_and_rebuilt_once()
    {
        var ids = await FixtureAsync();
        await using var connection = await OpenAsync();
        await using (var transaction = connection.BeginTransaction())
        {
            await ExecuteAsync(connection, Fill($$"""
                INSERT INTO "Services" ("Id", "OrganizationId", "Name", "ShortDescription", "Language", "Status", "Languages", "InterpretationAvailable", "TargetGroups", "IsFree", "CreatedAt", "UpdatedAt", "Revision", "Source")
                VALUES ({new}, {org}, 'Sportello ciliegino', 'Breve', 'it', 'Active', '["it"]', 0, '[]', 1, {{Stamp}}, {{Stamp}}, 1, 'queue-test');
                INSERT INTO "ServiceCategories" ("ServiceId", "CategoryId") VALUES ({new}, {cat});
                INSERT INTO "ServiceCategories" ("ServiceId", "CategoryId") SELECT {new}, min("Id") FROM "Categories" WHERE "Id" <> {cat};
                INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source")
                VALUES ('Service', '{new}', 'name', 'en', 'Medlar desk', 'it', 0, {{Stamp}}, {{Stamp}}, 'queue-test'),
                       ('Service', '{new}', 'description', 'fr', 'Guichet de la nèfle', 'it', 0, {{Stamp}}, {{Stamp}}, 'queue-test');
                UPDATE "Services" SET "Name" = 'Sportello della nespola' WHERE "Id" = {new};
                UPDATE "Services" SET "Description" = 'Per chi cerca nespole' WHERE "Id" = {new};
                """, ids), transaction);
            Assert.Equal([(1L, (long)ids["new"])], await QueueAsync(connection, transaction));

            Assert.Equal(1, await SqliteTextSearch.RefreshAsync(connection, transaction, CancellationToken.None));
            Assert.Empty(await QueueAsync(connection, transaction));
            await transaction.CommitAsync();
        }

        var document = (1L << 32) + ids["new"];
        foreach (var word in new[] { "nespola", "medlar", "nefle", "nespole" })
        {
            Assert.Equal([document], await IndexedAsync(connection, word));
        }

        Assert.Empty(await IndexedAsync(connection, "ciliegino"));
        Assert.Contains(document, await IndexedAsync(connection, "coda"));

        Assert.Equal(1L, await ScalarAsync(connection, $"""SELECT count(*) FROM "SearchTrigrams" WHERE "rowid" = {document}"""));
    }

    [Fact]
    public async Task A_refresh_builds_the_same_documents_as_the_views_say()
    {
        var ids = await FixtureAsync();
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, Fill("""
            UPDATE "Organizations" SET "Name" = 'Ente del corbezzolo' WHERE "Id" = {org};
            UPDATE "Categories" SET "Name" = 'Categoria del giuggiolo' WHERE "Id" = {cat};
            DELETE FROM "Services" WHERE "Id" = {svc2};
            UPDATE "ProcedureSteps" SET "Title" = 'Portare il sorbo' WHERE "Id" = {step};
            """, ids));
        Assert.NotEmpty(await QueueAsync(connection));
        await SqliteTextSearch.RefreshAsync(connection, null, CancellationToken.None);

        // What a rebuild of the whole index from the views would hold, for every kind.
        const string Expected = """
            SELECT 4294967296 + "Id", "Names", "Related", "Descriptions" FROM "SearchDocuments_Service"
            UNION ALL SELECT 8589934592 + "Id", "Names", "Related", "Descriptions" FROM "SearchDocuments_Organization"
            UNION ALL SELECT 12884901888 + "Id", "Names", "Related", "Descriptions" FROM "SearchDocuments_Procedure"
            UNION ALL SELECT 17179869184 + "Id", "Names", "Related", "Descriptions" FROM "SearchDocuments_Association"
            UNION ALL SELECT 21474836480 + "Id", "Names", "Related", "Descriptions" FROM "SearchDocuments_RepresentativeCouncil"
            ORDER BY 1
            """;
        var expected = await RowsAsync(connection, Expected);
        Assert.Equal(expected, await RowsAsync(connection, """SELECT "rowid", "Names", "Related", "Descriptions" FROM "SearchIndex" ORDER BY 1"""));
        Assert.Equal(
            expected.Select(r => r[..r.LastIndexOf('|')]),
            await RowsAsync(connection, """SELECT "rowid", "Names", "Related" FROM "SearchTrigrams" ORDER BY 1"""));
        Assert.Contains(expected, r => r.Contains("giuggiolo", StringComparison.Ordinal));
        Assert.DoesNotContain(expected, r => r.StartsWith($"{(1L << 32) + ids["svc2"]}|", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refresh_reads_only_the_queued_records_not_whole_tables_whatever_the_statistics_say(bool misleadingStatistics)
    {
        // Every SaveChanges refreshes, so a refresh must cost what the queue holds, not what the database holds. The
        // statistics are refreshed at start-up and after imports (PlannerStatistics), possibly while the queue is
        // long: statistics saying the queue is huge and every table tiny must not turn the join around.
        await using var connection = await OpenAsync();
        if (misleadingStatistics)
        {
            await RowsAsync(connection, "ANALYZE");
            await RowsAsync(connection, """
                DELETE FROM "sqlite_stat1" WHERE "tbl" IN ('SearchIndexQueue', 'Services', 'Organizations', 'Procedures', 'Associations', 'Councils');
                INSERT INTO "sqlite_stat1" ("tbl", "idx", "stat") VALUES ('SearchIndexQueue', 'sqlite_autoindex_SearchIndexQueue_1', '5000000 1000000 1'),
                    ('Services', NULL, '2'), ('Organizations', NULL, '2'), ('Procedures', NULL, '2'), ('Associations', NULL, '2'), ('Councils', NULL, '2');
                ANALYZE "sqlite_schema";
                """);
        }

        var inserts = SqliteTextSearch.RefreshSql.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(s => s.StartsWith("INSERT", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 5, inserts.Count);
        foreach (var insert in inserts)
        {
            var steps = (await RowsAsync(connection, "EXPLAIN QUERY PLAN " + insert)).Select(row => row.Split('|')[3]).ToList();
            Assert.StartsWith("SEARCH q USING PRIMARY KEY (Kind=?)", steps[0], StringComparison.Ordinal);
            Assert.All(steps, s => Assert.False(s.StartsWith("SCAN", StringComparison.Ordinal), insert + "\n" + string.Join("\n", steps)));
        }

        var delete = await RowsAsync(connection, """EXPLAIN QUERY PLAN DELETE FROM "SearchIndex" WHERE "rowid" IN (SELECT "Kind" * 4294967296 + "Id" FROM "SearchIndexQueue")""");
        Assert.Contains(delete, row => row.EndsWith("SCAN SearchIndex VIRTUAL TABLE INDEX 0:=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_raw_write_is_found_by_the_next_search_which_applies_the_queue_first()
    {
        var ids = await FixtureAsync();
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, Fill("""UPDATE "Services" SET "Name" = 'Sportello del corbezzolo' WHERE "Id" = {svc}""", ids));
        Assert.Empty(await IndexedAsync(connection, "corbezzolo"));

        var data = (await _api.Query("""{ services(first: 10, search: "corbezzolo") { searchMode nodes { id } } }""")).Ok();

        Assert.Equal("EXACT", data["services"]!["searchMode"]!.GetValue<string>());
        Assert.Equal([ids["svc"]], data["services"]!["nodes"]!.AsArray().Select(n => SearchApiFactory.Key(n!["id"])));
        Assert.Empty(await QueueAsync(connection));
    }

    [Fact]
    public async Task A_save_brings_the_index_up_to_date_before_it_returns_so_the_same_context_finds_the_record()
    {
        await FixtureAsync();
        await using var db = await DbAsync();
        var organization = await db.Organizations.Where(o => o.Source == "queue-test").Select(o => o.Id).SingleAsync();
        var service = new Service { Name = "Sportello del gelso", OrganizationId = organization, Source = "queue-test" };
        db.Services.Add(service);
        await db.SaveChangesAsync();

        await using (var connection = await OpenAsync())
        {
            Assert.Empty(await QueueAsync(connection));
            Assert.Equal([(1L << 32) + service.Id], await IndexedAsync(connection, "gelso"));
        }

        var search = _api.Services.GetRequiredService<ITextSearch>();
        Assert.True(SearchTerms.TryParse("gelso", out var terms, out _));
        var hits = await search.SearchAsync(db, db.Services, terms, CancellationToken.None);
        Assert.Equal(TextSearchMode.Exact, hits.Mode);
        Assert.Equal([service.Id], await hits.Matches.Select(m => m.Id).ToListAsync());
    }

    [Fact]
    public async Task In_a_callers_transaction_the_index_changes_with_the_data_and_rolls_back_with_it()
    {
        await FixtureAsync();
        await using var connection = await OpenAsync();
        var before = await ScalarAsync(connection, """SELECT count(*) FROM "SearchIndex" """);
        await using (var db = await DbAsync())
        {
            var organization = await db.Organizations.Where(o => o.Source == "queue-test").Select(o => o.Id).SingleAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Services.Add(new Service { Name = "Sportello del carrubo", OrganizationId = organization, Source = "queue-test" });
            await db.SaveChangesAsync();

            // Inside the transaction the index already holds the new document and nothing is queued.
            Assert.Single(await db.Database.SqlQueryRaw<long>("""SELECT "rowid" AS "Value" FROM "SearchIndex" WHERE "SearchIndex" MATCH 'carrubo'""").ToListAsync());
            Assert.False((await db.Database.SqlQueryRaw<bool>("""SELECT EXISTS (SELECT 1 FROM "SearchIndexQueue") AS "Value" """).ToListAsync())[0]);
            Assert.Same(transaction, db.Database.CurrentTransaction);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await IndexedAsync(connection, "carrubo"));
        Assert.Equal(0L, await ScalarAsync(connection, """SELECT count(*) FROM "Services" WHERE "Name" = 'Sportello del carrubo'"""));
        Assert.Equal(before, await ScalarAsync(connection, """SELECT count(*) FROM "SearchIndex" """));
        Assert.Empty(await QueueAsync(connection));
    }

    [Fact]
    public async Task A_save_whose_refresh_fails_leaves_neither_the_data_nor_a_half_refreshed_index()
    {
        await FixtureAsync();
        await using var connection = await OpenAsync();
        var before = await ScalarAsync(connection, """SELECT count(*) FROM "SearchIndex" """);
        // The refresh fails on its last statement (emptying the queue), after it has rewritten the documents.
        await ExecuteAsync(connection, """
            CREATE TRIGGER "Test_FailRefresh" BEFORE DELETE ON "SearchIndexQueue"
            WHEN EXISTS (SELECT 1 FROM "Services" WHERE "Name" = 'Sportello del sorbo')
            BEGIN SELECT RAISE(ABORT, 'refresh failed on purpose'); END;
            """);

        await using (var db = await DbAsync())
        {
            var organization = await db.Organizations.Where(o => o.Source == "queue-test").Select(o => o.Id).SingleAsync();
            db.Services.Add(new Service { Name = "Sportello del sorbo", OrganizationId = organization, Source = "queue-test" });
            var error = await Assert.ThrowsAsync<SqliteException>(() => db.SaveChangesAsync());
            Assert.Contains("refresh failed on purpose", error.Message, StringComparison.Ordinal);
            Assert.Null(db.Database.CurrentTransaction);
        }

        Assert.Equal(0L, await ScalarAsync(connection, """SELECT count(*) FROM "Services" WHERE "Name" = 'Sportello del sorbo'"""));
        Assert.Empty(await IndexedAsync(connection, "sorbo"));
        Assert.Equal(before, await ScalarAsync(connection, """SELECT count(*) FROM "SearchIndex" """));
        Assert.Empty(await QueueAsync(connection));

        // The context pool hands out healthy contexts afterwards.
        await ExecuteAsync(connection, """DROP TRIGGER "Test_FailRefresh";""");
        await using (var db = await DbAsync())
        {
            var organization = await db.Organizations.Where(o => o.Source == "queue-test").Select(o => o.Id).SingleAsync();
            var service = new Service { Name = "Sportello del sorbo", OrganizationId = organization, Source = "queue-test" };
            db.Services.Add(service);
            await db.SaveChangesAsync();
            Assert.Equal([(1L << 32) + service.Id], await IndexedAsync(connection, "sorbo"));
        }
    }

    [Fact]
    public async Task A_save_that_fails_leaves_no_queued_or_indexed_trace()
    {
        await FixtureAsync();
        await using var connection = await OpenAsync();
        await using (var db = await DbAsync())
        {
            var organization = await db.Organizations.Where(o => o.Source == "queue-test").Select(o => o.Id).SingleAsync();
            var service = new Service { Name = "Sportello del cotogno", OrganizationId = organization, Source = "queue-test" };
            service.Categories.Add(new ServiceCategory { CategoryId = 987_654 });
            db.Services.Add(service);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Null(db.Database.CurrentTransaction);
        }

        Assert.Equal(0L, await ScalarAsync(connection, """SELECT count(*) FROM "Services" WHERE "Name" = 'Sportello del cotogno'"""));
        Assert.Empty(await IndexedAsync(connection, "cotogno"));
        Assert.Empty(await QueueAsync(connection));
    }

    [Fact]
    public async Task The_queue_migration_replaces_each_per_row_trigger_by_one_that_watches_the_same_writes_and_down_restores_them_exactly()
    {
        await using var db = await DbAsync();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var perRow = "20261126010000_SearchIndex";
        await using var connection = await OpenAsync();
        var index = await IndexContentAsync(connection);
        var queueing = await TriggersAsync(connection);

        await migrator.MigrateAsync(perRow);
        var restored = await TriggersAsync(connection);
        await migrator.MigrateAsync(migrations[migrations.IndexOf(perRow) - 1]);
        await migrator.MigrateAsync(perRow);
        var original = await TriggersAsync(connection);
        await migrator.MigrateAsync();

        Assert.Equal(44, original.Count);
        Assert.Equal(original, restored);
        Assert.Equal(
            original.ToDictionary(t => t.Key.Replace("_Search_", "_SearchQueue_", StringComparison.Ordinal), t => Header(t.Value).Replace("_Search_", "_SearchQueue_", StringComparison.Ordinal)),
            queueing.ToDictionary(t => t.Key, t => Header(t.Value)));
        Assert.All(queueing.Values, sql => Assert.DoesNotContain("\"SearchIndex\"", sql, StringComparison.Ordinal));
        Assert.All(queueing.Values, sql => Assert.Contains("INSERT OR IGNORE INTO \"SearchIndexQueue\"", sql, StringComparison.Ordinal));
        Assert.Equal(queueing, await TriggersAsync(connection));
        Assert.Equal(index, await IndexContentAsync(connection));
    }

    [Fact]
    public async Task Migrating_down_applies_what_is_queued_before_the_per_row_triggers_return()
    {
        var ids = await FixtureAsync();
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, Fill("""UPDATE "Services" SET "Name" = 'Sportello del fico d''india' WHERE "Id" = {svc}""", ids));
        Assert.NotEmpty(await QueueAsync(connection));

        await using var db = await DbAsync();
        await db.GetService<IMigrator>().MigrateAsync("20261126010000_SearchIndex");
        Assert.Equal([(1L << 32) + ids["svc"]], await IndexedAsync(connection, "india"));
        Assert.DoesNotContain((1L << 32) + ids["svc"], await IndexedAsync(connection, "uno"));
        Assert.DoesNotContain("SearchIndexQueue", await NamesAsync(connection, "table"));

        // The per-row triggers are live again, and the queue comes back empty with its triggers.
        await ExecuteAsync(connection, Fill("""UPDATE "Services" SET "Name" = 'Sportello del lazzeruolo' WHERE "Id" = {svc}""", ids));
        Assert.Equal([(1L << 32) + ids["svc"]], await IndexedAsync(connection, "lazzeruolo"));
        await db.GetService<IMigrator>().MigrateAsync();
        Assert.Empty(await QueueAsync(connection));
        await ExecuteAsync(connection, Fill("""UPDATE "Services" SET "Name" = 'Sportello del nocciolo' WHERE "Id" = {svc}""", ids));
        Assert.Equal([(1L, (long)ids["svc"])], await QueueAsync(connection));
    }

    private static string Header(string sql) => sql[..sql.IndexOf("\nBEGIN\n", StringComparison.Ordinal)];

    private async Task<SqliteConnection> OpenAsync()
    {
        await using var db = await DbAsync();
        var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<(long Kind, long Id)>> QueueAsync(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """SELECT "Kind", "Id" FROM "SearchIndexQueue" ORDER BY 1, 2""";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<(long, long)>();
        while (await reader.ReadAsync())
        {
            keys.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return keys;
    }

    /// <summary>Rowids of the documents holding a word, straight from the index (no refresh first).</summary>
    private static async Task<List<long>> IndexedAsync(SqliteConnection connection, string word)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "rowid" FROM "SearchIndex" WHERE "SearchIndex" MATCH $word ORDER BY 1""";
        command.Parameters.AddWithValue("$word", $"\"{word}\"");
        await using var reader = await command.ExecuteReaderAsync();
        var rowids = new List<long>();
        while (await reader.ReadAsync())
        {
            rowids.Add(reader.GetInt64(0));
        }

        return rowids;
    }

    /// <summary>Each row as its columns joined by <c>|</c> (null as empty).</summary>
    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static async Task<List<string>> IndexContentAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT w."rowid" || '|' || coalesce(w."Names", '') || '|' || coalesce(w."Related", '') || '|' || coalesce(w."Descriptions", '') || '|' || coalesce(t."Names", '') || '|' || coalesce(t."Related", '')
            FROM "SearchIndex" AS w LEFT JOIN "SearchTrigrams" AS t ON t."rowid" = w."rowid" ORDER BY w."rowid"
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<Dictionary<string, string>> TriggersAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%\_Search%' ESCAPE '\'""";
        await using var reader = await command.ExecuteReaderAsync();
        var triggers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            triggers[reader.GetString(0)] = reader.GetString(1);
        }

        return triggers;
    }

    private static async Task<List<string>> NamesAsync(SqliteConnection connection, string type)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "name" FROM "sqlite_master" WHERE "type" = $type""";
        command.Parameters.AddWithValue("$type", type);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
