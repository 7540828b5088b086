using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Procedures;
using Directory.Model.Seeding;
using Directory.Model.Taxonomy;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Record = Directory.Model.Common.Record;

namespace Directory.Tests.Seeding;

/// <summary>
/// The repository's seed files, loaded into a temporary SQLite file the way the app loads them on start-up.
/// Each test gets its own copy of a migrated database with the geography already seeded.
/// </summary>
public sealed class SeedFilesTests : IClassFixture<GeographyDatabase>, IDisposable
{
    internal static readonly string SeedFolder = Path.Combine(RepositoryPaths.Root, "seed");
    internal static readonly string ComuniFile = Path.Combine(SeedFolder, "reference", "comuni-italia.csv");
    private static readonly string TaxonomyFile = Path.Combine(SeedFolder, "reference", "taxonomy.json");
    private static readonly string DemoFolder = Path.Combine(SeedFolder, "demo");

    private readonly GeographyDatabase _template;
    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), "directory-seed-tests", Guid.NewGuid().ToString("N"));

    public SeedFilesTests(GeographyDatabase template)
    {
        _template = template;
        System.IO.Directory.CreateDirectory(_workFolder);
    }

    [Fact]
    public async Task Seeding_loads_the_taxonomy_with_english_names_and_descriptions()
    {
        await using var db = NewDatabase();
        await TaxonomySeeder.SeedAsync(db, TaxonomyFile, CancellationToken.None);

        var categories = await db.Categories.AsNoTracking().ToListAsync();
        var topLevel = categories.Where(c => c.ParentId is null).ToList();
        Assert.InRange(topLevel.Count, 8, 12);
        Assert.InRange(categories.Count, 40, 60);
        Assert.All(categories, c => Assert.Equal(Sources.Reference, c.Source));
        Assert.All(categories, c => Assert.Equal(c.Code, c.ExternalId));
        Assert.All(categories.Where(c => c.ParentId is not null), c =>
            Assert.StartsWith(categories.Single(p => p.Id == c.ParentId).Code + ".", c.Code, StringComparison.Ordinal));
        Assert.Contains(categories, c => c.Code == "education.italian-language");

        var english = await db.Translations.AsNoTracking()
            .Where(t => t.EntityType == nameof(Category) && t.Language == "en")
            .ToListAsync();
        foreach (var category in categories)
        {
            var key = category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(english, t => t.EntityKey == key && t.Field == "name" && t.SourceLanguage == "it" && t.Source == Sources.Reference && !t.IsMachineTranslated);
            Assert.Contains(english, t => t.EntityKey == key && t.Field == "description");
        }
    }

    [Fact]
    public async Task Seeding_loads_the_demo_directory_of_tuscany()
    {
        await using var db = NewDatabase();
        await SeedAllAsync(db);

        var prefetture = await db.Organizations.AsNoTracking()
            .Where(o => o.Kind == OrganizationKind.Prefettura)
            .Include(o => o.Services).ThenInclude(s => s.ServiceAtLocations).ThenInclude(sl => sl.Location)
            .ToListAsync();
        Assert.Equal(10, prefetture.Count);
        Assert.All(prefetture, p =>
        {
            var desk = Assert.Single(p.Services, s => s.Name.StartsWith("Sportello Unico per l'Immigrazione", StringComparison.Ordinal));
            Assert.Contains(desk.ServiceAtLocations, sl => sl.Location!.ComuneIstatCode == p.ComuneIstatCode);
        });

        var services = await db.Services.AsNoTracking()
            .Include(s => s.ServiceAtLocations).ThenInclude(sl => sl.Schedules)
            .Include(s => s.Categories)
            .ToListAsync();
        Assert.All(services, s =>
        {
            Assert.Contains(s.ServiceAtLocations, sl => sl.Schedules.Count > 0);
            Assert.NotEmpty(s.Categories);
        });

        var procedures = await db.Procedures.AsNoTracking().Include(p => p.Steps).Include(p => p.Services).Include(p => p.Related).ToListAsync();
        Assert.Equal(5, procedures.Count);
        Assert.All(procedures, p =>
        {
            Assert.Equal(ProcedureStatus.Published, p.Status);
            Assert.InRange(p.Steps.Count, 4, 8);
            Assert.Equal(Enumerable.Range(1, p.Steps.Count), p.Steps.Select(s => s.Position).Order());
            Assert.All(p.Steps, s => Assert.Equal($"{p.Slug}/step-{s.Position}", s.ExternalId));
            Assert.NotEmpty(p.Services);
            Assert.NotEmpty(p.Related);
        });
        var relations = procedures.SelectMany(p => p.Related).Select(r => (r.ProcedureId, r.RelatedProcedureId)).ToHashSet();
        Assert.All(relations, r => Assert.Contains((r.RelatedProcedureId, r.ProcedureId), relations));

        Assert.InRange(await db.Associations.CountAsync(), 6, 8);
        Assert.InRange(await db.Councils.CountAsync(), 3, 4);
        Assert.All(await db.CouncilMembers.AsNoTracking().ToListAsync(), m => Assert.StartsWith("Componente dimostrativo", m.Name, StringComparison.Ordinal));

        // Nothing but demo data was loaded into these tables, so every row must say so and carry its ref.
        foreach (var (table, rows) in await DemoRecordsAsync(db))
        {
            Assert.True(rows.Count > 0, $"{table} is empty");
            Assert.All(rows, r => Assert.True(r.Source == Sources.Demo && r.ExternalId is not null, $"{table} row {r.ExternalId} has source {r.Source}"));
        }

        var translations = await db.Translations.AsNoTracking().Where(t => t.Source == Sources.Demo).ToListAsync();
        var englishServiceNames = translations.Count(t => t.EntityType == "Service" && t.Field == "name" && t.Language == "en");
        Assert.True(englishServiceNames * 2 > services.Count, "most services have an English name");
        Assert.Contains(translations, t => t.EntityType == "Service" && t.Language == "fr");
        Assert.Contains(translations, t => t.EntityType == "Service" && t.Language == "ar");
        Assert.Contains(translations, t => t.EntityType == "ProcedureStep" && t.Field == "title" && t.Language == "en");
        var serviceIds = services.Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.All(translations.Where(t => t.EntityType == "Service"), t => Assert.Contains(t.EntityKey, serviceIds));
    }

    [Fact]
    public async Task Seeding_a_second_time_writes_nothing_and_changes_no_count()
    {
        await using var db = NewDatabase();
        await SeedAllAsync(db);
        var before = await CountsAsync(db);

        Assert.Equal(0, await GeographySeeder.SeedAsync(db, ComuniFile, CancellationToken.None));
        Assert.Equal(0, await TaxonomySeeder.SeedAsync(db, TaxonomyFile, CancellationToken.None));
        Assert.Equal(0, await DemoSeeder.SeedAsync(db, DemoFolder, CancellationToken.None));

        await using var fresh = NewContext(db.Database.GetConnectionString()!);
        Assert.Equal(before, await CountsAsync(fresh));
    }

    public static TheoryData<string, string, string> BrokenRecords => new()
    {
        // An enum value that does not exist.
        { """{ "ref": "ufficio-rotto", "name": "Ufficio", "kind": "Ministero" }""", "ufficio-rotto", "field kind" },
        // A required field left out of a location.
        { """{ "ref": "ufficio-rotto", "name": "Ufficio", "kind": "Other", "locations": [ { "ref": "sede-rotta", "name": "Sede", "coordinateQuality": "ComuneCentroid" } ] }""", "sede-rotta", "field comune" },
        // A comune that does not exist.
        { """{ "ref": "ufficio-rotto", "name": "Ufficio", "kind": "Other", "locations": [ { "ref": "sede-rotta", "name": "Sede", "comune": "999999", "coordinateQuality": "ComuneCentroid" } ] }""", "sede-rotta", "field comune" },
        // A taxonomy code that does not exist.
        { """{ "ref": "ufficio-rotto", "name": "Ufficio", "kind": "Other", "services": [ { "ref": "servizio-rotto", "name": "Servizio", "isFree": true, "categories": ["magia.pozioni"], "locations": [ { "location": "prefettura-firenze-sui" } ] } ] }""", "servizio-rotto", "field categories" },
        // A location ref that no record defines.
        { """{ "ref": "ufficio-rotto", "name": "Ufficio", "kind": "Other", "services": [ { "ref": "servizio-rotto", "name": "Servizio", "isFree": true, "locations": [ { "location": "nessuna-sede" } ] } ] }""", "servizio-rotto", "field locations[0].location" },
        // A translation of a field the record does not have.
        { """{ "ref": "ufficio-rotto", "name": "Ufficio", "kind": "Other", "translations": { "en": { "summary": "Office" } } }""", "ufficio-rotto", "field translations.en.summary" },
    };

    [Theory]
    [MemberData(nameof(BrokenRecords))]
    public async Task A_broken_demo_file_fails_naming_file_record_and_field_and_writes_nothing(string organization, string record, string field)
    {
        await using var db = NewDatabase();
        await TaxonomySeeder.SeedAsync(db, TaxonomyFile, CancellationToken.None);
        var before = await CountsAsync(db);

        // The real demo files come first, so a failure must also keep them out of the database.
        var demo = Path.Combine(_workFolder, "demo");
        System.IO.Directory.CreateDirectory(demo);
        foreach (var file in System.IO.Directory.GetFiles(DemoFolder, "*.json"))
        {
            File.Copy(file, Path.Combine(demo, Path.GetFileName(file)));
        }

        var broken = Path.Combine(demo, "zz-broken.json");
        await File.WriteAllTextAsync(broken, $$"""{ "organizations": [ {{organization}} ] }""");

        var error = await Assert.ThrowsAsync<SeedDataException>(() => DemoSeeder.SeedAsync(db, demo, CancellationToken.None));

        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
        Assert.Contains($"record '{record}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        await using var fresh = NewContext(db.Database.GetConnectionString()!);
        Assert.Equal(before, await CountsAsync(fresh));
    }

    [Fact]
    public async Task A_failure_while_writing_rolls_back_everything_written_before_it()
    {
        await using (var db = NewDatabase())
        {
            await TaxonomySeeder.SeedAsync(db, TaxonomyFile, CancellationToken.None);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_workFolder, "directory.db") }.ToString();
        await using (var failing = NewContext(connectionString, new FailWhenProceduresAreSaved()))
        {
            // Organizations, places and services are saved before procedures, inside the same transaction.
            await Assert.ThrowsAsync<InvalidOperationException>(() => DemoSeeder.SeedAsync(failing, DemoFolder, CancellationToken.None));
        }

        await using var db2 = NewContext(connectionString);
        Assert.Equal(0, await db2.Organizations.CountAsync());
        Assert.Equal(0, await db2.Services.CountAsync());
        Assert.Equal(0, await db2.Translations.CountAsync(t => t.Source == Sources.Demo));
        Assert.True(await DemoSeeder.SeedAsync(db2, DemoFolder, CancellationToken.None) > 0);
    }

    [Fact]
    public async Task A_ref_used_twice_across_demo_files_is_rejected()
    {
        await using var db = NewDatabase();
        await TaxonomySeeder.SeedAsync(db, TaxonomyFile, CancellationToken.None);
        var demo = Path.Combine(_workFolder, "twice");
        System.IO.Directory.CreateDirectory(demo);
        const string Organization = """{ "organizations": [ { "ref": "stesso-ufficio", "name": "Ufficio", "kind": "Other" } ] }""";
        await File.WriteAllTextAsync(Path.Combine(demo, "a.json"), Organization);
        await File.WriteAllTextAsync(Path.Combine(demo, "b.json"), Organization);

        var error = await Assert.ThrowsAsync<SeedDataException>(() => DemoSeeder.SeedAsync(db, demo, CancellationToken.None));

        Assert.Contains("b.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'stesso-ufficio'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Organizations.CountAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the OS cleans the temp folder.
        }
    }

    private DirectoryDbContext NewDatabase()
    {
        var file = Path.Combine(_workFolder, "directory.db");
        File.Copy(_template.File, file);
        return NewContext(new SqliteConnectionStringBuilder { DataSource = file }.ToString());
    }

    internal static DirectoryDbContext NewContext(string connectionString, params IInterceptor[] more) =>
        new(new DbContextOptionsBuilder<DirectoryDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors([new AuditingInterceptor(TimeProvider.System), .. more])
            .Options);

    private static async Task SeedAllAsync(DirectoryDbContext db)
    {
        Assert.True(await TaxonomySeeder.SeedAsync(db, TaxonomyFile, CancellationToken.None) > 0);
        Assert.True(await DemoSeeder.SeedAsync(db, DemoFolder, CancellationToken.None) > 0);
    }

    /// <summary>Simulates the database failing half-way through the demo load.</summary>
    private sealed class FailWhenProceduresAreSaved : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<Procedure>().Any(e => e.State == EntityState.Added)
                ? throw new InvalidOperationException("Simulated failure while saving procedures")
                : ValueTask.FromResult(result);
    }

    private static async Task<List<(string Table, List<Record> Rows)>> DemoRecordsAsync(DirectoryDbContext db) =>
    [
        ("Organizations", [.. await db.Organizations.AsNoTracking().ToListAsync()]),
        ("Locations", [.. await db.Locations.AsNoTracking().ToListAsync()]),
        ("Services", [.. await db.Services.AsNoTracking().ToListAsync()]),
        ("ServiceAtLocations", [.. await db.ServiceAtLocations.AsNoTracking().ToListAsync()]),
        ("Schedules", [.. await db.Schedules.AsNoTracking().ToListAsync()]),
        ("SpecialHours", [.. await db.SpecialHours.AsNoTracking().ToListAsync()]),
        ("Phones", [.. await db.Phones.AsNoTracking().ToListAsync()]),
        ("RequiredDocuments", [.. await db.RequiredDocuments.AsNoTracking().ToListAsync()]),
        ("Procedures", [.. await db.Procedures.AsNoTracking().ToListAsync()]),
        ("ProcedureSteps", [.. await db.ProcedureSteps.AsNoTracking().ToListAsync()]),
        ("ProcedureDocuments", [.. await db.ProcedureDocuments.AsNoTracking().ToListAsync()]),
        ("ProcedureCosts", [.. await db.ProcedureCosts.AsNoTracking().ToListAsync()]),
        ("LegalReferences", [.. await db.LegalReferences.AsNoTracking().ToListAsync()]),
        ("Associations", [.. await db.Associations.AsNoTracking().ToListAsync()]),
        ("Councils", [.. await db.Councils.AsNoTracking().ToListAsync()]),
        ("CouncilMembers", [.. await db.CouncilMembers.AsNoTracking().ToListAsync()]),
        ("CouncilEvents", [.. await db.CouncilEvents.AsNoTracking().ToListAsync()]),
    ];

    private static async Task<string> CountsAsync(DirectoryDbContext db)
    {
        var counts = new List<string>
        {
            $"comuni {await db.Comuni.CountAsync()}",
            $"categories {await db.Categories.CountAsync()}",
            $"translations {await db.Translations.CountAsync()}",
            $"service categories {await db.ServiceCategories.CountAsync()}",
            $"service areas {await db.ServiceAreas.CountAsync()}",
            $"procedure services {await db.ProcedureServices.CountAsync()}",
            $"procedure relations {await db.ProcedureRelations.CountAsync()}",
            $"association areas {await db.AssociationAreas.CountAsync()}",
        };
        foreach (var (table, rows) in await DemoRecordsAsync(db))
        {
            counts.Add($"{table} {rows.Count}");
        }

        return string.Join(", ", counts);
    }
}

/// <summary>A temporary SQLite file, migrated and with the comuni seeded, that tests copy instead of seeding 8,000 rows each.</summary>
public sealed class GeographyDatabase : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "directory-seed-tests", "template-" + Guid.NewGuid().ToString("N"));

    public string File => Path.Combine(_folder, "geography.db");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(_folder);
        // No pooling: the file must be closed before tests copy it.
        await using var db = SeedFilesTests.NewContext(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        await db.Database.MigrateAsync();
        Assert.True(await GeographySeeder.SeedAsync(db, SeedFilesTests.ComuniFile, CancellationToken.None) > 0);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
