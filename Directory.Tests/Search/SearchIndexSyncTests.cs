using System.Globalization;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Organizations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using Directory.Model.Translations;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Search;

/// <summary>The search index follows every write to what it holds, whoever makes it, and the migration builds it from stored data.</summary>
public sealed class SearchIndexSyncTests : IDisposable
{
    private readonly DirectoryApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    private async Task<DirectoryDbContext> DbAsync() =>
        await _api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();

    /// <summary>Ids found by an exact search of services (approximate answers do not count).</summary>
    private async Task<List<int>> FoundAsync(string text, string list = "services")
    {
        var data = (await _api.Query($"query($s: String) {{ {list}(first: 100, search: $s) {{ searchMode nodes {{ id }} }} }}", new { s = text })).Ok();
        return data[list]!["searchMode"]!.GetValue<string>() == "EXACT"
            ? data[list]!["nodes"]!.AsArray().Select(n => SearchApiFactory.Key(n!["id"])).ToList()
            : [];
    }

    private static async Task<Service> NewServiceAsync(DirectoryDbContext db, string name)
    {
        var organization = await db.Organizations.OrderBy(o => o.Id).FirstAsync();
        var service = new Service { Name = name, OrganizationId = organization.Id, Source = "search-test" };
        db.Services.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    [Fact]
    public async Task A_service_is_found_after_insert_and_update_and_not_after_delete()
    {
        int id;
        await using (var db = await DbAsync())
        {
            id = (await NewServiceAsync(db, "Sportello pompelmo")).Id;
        }

        Assert.Equal([id], await FoundAsync("pompelmo"));

        await using (var db = await DbAsync())
        {
            var service = await db.Services.AsTracking().SingleAsync(s => s.Id == id);
            service.Name = "Sportello mandarino";
            service.Description = "Con consulenza sul bergamotto.";
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FoundAsync("pompelmo"));
        Assert.Equal([id], await FoundAsync("mandarino"));
        Assert.Equal([id], await FoundAsync("bergamotto"));

        await using (var db = await DbAsync())
        {
            await db.Services.Where(s => s.Id == id).ExecuteDeleteAsync();
        }

        Assert.Empty(await FoundAsync("mandarino"));
        Assert.Empty(await FoundAsync("bergamotto"));
    }

    [Fact]
    public async Task A_service_follows_its_category_names_and_its_organization_name()
    {
        int id;
        await using (var db = await DbAsync())
        {
            var category = new Category { Code = "search-test-lampone", Name = "Categoria lampone", Source = "search-test" };
            db.Categories.Add(category);
            var organization = new Organization { Name = "Ente ciliegio", Kind = OrganizationKind.Other, Source = "search-test" };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            var service = new Service { Name = "Sportello qualsiasi", OrganizationId = organization.Id, Source = "search-test" };
            service.Categories.Add(new ServiceCategory { CategoryId = category.Id });
            db.Services.Add(service);
            await db.SaveChangesAsync();
            id = service.Id;
        }

        Assert.Equal([id], await FoundAsync("lampone"));
        Assert.Equal([id], await FoundAsync("ciliegio"));

        await using (var db = await DbAsync())
        {
            var category = await db.Categories.AsTracking().SingleAsync(c => c.Code == "search-test-lampone");
            category.Name = "Categoria mirtillo";
            db.Translations.Add(new Translation { EntityType = "Category", EntityKey = category.Id.ToString(CultureInfo.InvariantCulture), Field = "name", Language = "en", Text = "Blueberry category", Source = "search-test" });
            var organization = await db.Organizations.AsTracking().SingleAsync(o => o.Name == "Ente ciliegio");
            organization.Name = "Ente castagno";
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FoundAsync("lampone"));
        Assert.Equal([id], await FoundAsync("mirtillo"));
        Assert.Equal([id], await FoundAsync("blueberry"));
        Assert.Empty(await FoundAsync("ciliegio"));
        Assert.Equal([id], await FoundAsync("castagno"));

        await using (var db = await DbAsync())
        {
            await db.Set<ServiceCategory>().Where(sc => sc.ServiceId == id).ExecuteDeleteAsync();
        }

        Assert.Empty(await FoundAsync("mirtillo"));
        Assert.Empty(await FoundAsync("blueberry"));
    }

    [Fact]
    public async Task A_translation_is_found_after_insert_and_update_and_not_after_delete()
    {
        int id;
        await using (var db = await DbAsync())
        {
            id = (await NewServiceAsync(db, "Sportello senza traduzioni")).Id;
            db.Translations.Add(new Translation { EntityType = "Service", EntityKey = id.ToString(CultureInfo.InvariantCulture), Field = "shortDescription", Language = "fr", Text = "Guichet de la framboise", Source = "search-test" });
            await db.SaveChangesAsync();
        }

        Assert.Equal([id], await FoundAsync("framboise"));

        await using (var db = await DbAsync())
        {
            var translation = await db.Translations.AsTracking().SingleAsync(t => t.EntityType == "Service" && t.EntityKey == id.ToString(CultureInfo.InvariantCulture));
            translation.Text = "Guichet de la groseille";
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FoundAsync("framboise"));
        Assert.Equal([id], await FoundAsync("groseille"));

        await using (var db = await DbAsync())
        {
            await db.Translations.Where(t => t.EntityType == "Service" && t.EntityKey == id.ToString(CultureInfo.InvariantCulture)).ExecuteDeleteAsync();
        }

        Assert.Empty(await FoundAsync("groseille"));
    }

    [Fact]
    public async Task A_procedure_follows_its_step_titles()
    {
        int id;
        await using (var db = await DbAsync())
        {
            id = await db.Procedures.Where(p => p.Status == ProcedureStatus.Published).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            db.Set<ProcedureStep>().Add(new ProcedureStep { ProcedureId = id, Position = 99, Title = "Portare il melograno", Source = "search-test" });
            await db.SaveChangesAsync();
        }

        Assert.Equal([id], await FoundAsync("melograno", "procedures"));

        await using (var db = await DbAsync())
        {
            await db.Set<ProcedureStep>().Where(s => s.Title == "Portare il melograno").ExecuteDeleteAsync();
        }

        Assert.Empty(await FoundAsync("melograno", "procedures"));
    }

    [Fact]
    public async Task The_index_holds_one_document_per_record_of_each_kind()
    {
        await using var db = await DbAsync();
        var counts = new Dictionary<long, int>
        {
            [1] = await db.Services.CountAsync(),
            [2] = await db.Organizations.CountAsync(),
            [3] = await db.Procedures.CountAsync(),
            [4] = await db.Associations.CountAsync(),
            [5] = await db.Councils.CountAsync(),
        };
        foreach (var table in new[] { "SearchIndex", "SearchTrigrams" })
        {
            Assert.Equal(counts, await DocumentsPerKindAsync(db, table));
        }
    }

    [Fact]
    public async Task The_migration_builds_the_index_from_data_already_stored()
    {
        await using (var db = await DbAsync())
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.IndexOf("20261126010000_SearchIndex") - 1];
            await migrator.MigrateAsync(before);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Services" SET "Name" = 'Sportello del cachi' WHERE "Id" = (SELECT min("Id") FROM "Services")""");
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Associations" SET "Description" = 'Corsi di cucina col cachi' WHERE "Id" = (SELECT min("Id") FROM "Associations")""");
            Assert.DoesNotContain("SearchIndex", await TablesAsync(db));
            await migrator.MigrateAsync();
        }

        await using (var db = await DbAsync())
        {
            Assert.Equal([await db.Services.MinAsync(s => s.Id)], await FoundAsync("cachi"));
            Assert.Equal([await db.Associations.MinAsync(a => a.Id)], await FoundAsync("cachi", "associations"));
            Assert.Equal(await db.Services.CountAsync(), (await DocumentsPerKindAsync(db, "SearchIndex"))[1]);
        }

        // Triggers are back too.
        await using (var db = await DbAsync())
        {
            var id = (await NewServiceAsync(db, "Sportello del fico")).Id;
            Assert.Equal([id], await FoundAsync("fico"));
        }
    }

    private static async Task<Dictionary<long, int>> DocumentsPerKindAsync(DirectoryDbContext db, string table)
    {
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "rowid" >> 32, count(*) FROM "{table}" GROUP BY 1""";
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<long, int>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetInt64(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    private static async Task<List<string>> TablesAsync(DirectoryDbContext db)
    {
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "name" FROM "sqlite_master" WHERE "type" = 'table'""";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
