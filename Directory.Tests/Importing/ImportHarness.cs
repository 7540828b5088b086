using System.Globalization;
using System.Text;
using Directory.Importers;
using Directory.Importers.Sources;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Seeding;
using Directory.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Importing;

/// <summary>
/// The import pipeline on its own temporary SQLite file (migrated, comuni and taxonomy seeded once per test run
/// and copied), with short retry delays and small batches so tests stay quick and cross batch boundaries.
/// </summary>
public sealed class ImportHarness : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "directory-import-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public string Folder => _folder;

    public IServiceProvider Services => _services;

    public static async Task<ImportHarness> CreateAsync(Dictionary<string, string?>? settings = null)
    {
        var harness = new ImportHarness();
        System.IO.Directory.CreateDirectory(harness._folder);
        File.Copy(await Template.Value, Path.Combine(harness._folder, "directory.db"));
        var values = new Dictionary<string, string?>
        {
            ["Directory:Data:ConnectionString"] = $"Data Source={Path.Combine(harness._folder, "directory.db")};Pooling=False",
            ["Importers:Sync:BatchSize"] = "2",
            ["Importers:Sync:MaxErrorRatio"] = "0.5",
            // Generous: an attempt on a loaded 2-core CI machine can take over half a second, and a retry there would
            // change the request counts tests assert. Tests of timeouts set their own (FetchingTests.ShortAttempts).
            ["Importers:Fetch:AttemptTimeout"] = "00:00:10",
            ["Importers:Fetch:TotalTimeout"] = "00:00:30",
            ["Importers:Fetch:RetryDelay"] = "00:00:00.050",
            ["Importers:Fetch:MaxRetries"] = "3",
        };
        foreach (var (key, value) in settings ?? [])
        {
            // "{folder}" stands for the harness's folder (e.g. a connection string of its own database with pooling on).
            values[key] = value?.Replace("{folder}", harness._folder, StringComparison.Ordinal);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDirectoryData(configuration);
        services.AddDirectoryImporters(configuration);
        harness._services = services.BuildServiceProvider(validateScopes: true);
        return harness;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "directory-import-tests", "template-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "directory.db");
        var options = new DbContextOptionsBuilder<DirectoryDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new DirectoryDbContext(options))
        {
            await db.Database.MigrateAsync();
            await GeographySeeder.SeedAsync(db, Path.Combine(RepositoryPaths.Root, "seed", "reference", "comuni-italia.csv"), CancellationToken.None);
            await TaxonomySeeder.SeedAsync(db, Path.Combine(RepositoryPaths.Root, "seed", "reference", "taxonomy.json"), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        return path;
    }

    public async Task<DirectoryDbContext> DbAsync() =>
        await _services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();

    public Task<ImportResult> RunAsync(SourceDefinition source, bool dryRun = false) =>
        _services.GetRequiredService<ImportPipeline>().RunAsync(source, dryRun, CancellationToken.None);

    /// <summary>A file in the harness folder, with the given bytes.</summary>
    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteFile(string name, string content) => WriteFile(name, Encoding.UTF8.GetBytes(content));

    /// <summary>
    /// Every stored row an import can touch, as text in a stable order (timestamps included), so a test can assert
    /// that a failed or repeated run changed nothing at all.
    /// </summary>
    public async Task<string> DumpAsync()
    {
        await using var db = await DbAsync();
        var text = new StringBuilder();
        foreach (var o in await db.Organizations.OrderBy(o => o.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"O {o.Id} {o.Source} {o.ExternalId} {o.Name} {o.Kind} {o.Description} {o.Email} {o.Website} {o.TaxId} {o.WithdrawnAt:O} {o.Revision} {o.UpdatedAt:O}");
        }

        foreach (var l in await db.Locations.OrderBy(l => l.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"L {l.Id} {l.Source} {l.ExternalId} {l.Name} {l.AddressLine1} {l.ComuneIstatCode} {l.Latitude} {l.Longitude} {l.CoordinateQuality} {l.WithdrawnAt:O} {l.Revision} {l.UpdatedAt:O}");
        }

        foreach (var s in await db.Services.OrderBy(s => s.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"S {s.Id} {s.Source} {s.ExternalId} {s.OrganizationId} {s.Name} {s.Description} {s.Status} {string.Join(',', s.Languages)} {s.WithdrawnAt:O} {s.Revision} {s.UpdatedAt:O}");
        }

        foreach (var a in await db.ServiceAtLocations.OrderBy(a => a.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"A {a.Id} {a.ServiceId} {a.LocationId} {a.Description}");
        }

        foreach (var x in await db.Schedules.OrderBy(x => x.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"H {x.Id} {x.ServiceAtLocationId} {x.DayOfWeek} {x.Opens} {x.Closes} {x.Note}");
        }

        foreach (var p in await db.Phones.OrderBy(p => p.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"P {p.Id} {p.OrganizationId} {p.ServiceId} {p.LocationId} {p.Number}");
        }

        foreach (var c in await db.ServiceCategories.OrderBy(c => c.ServiceId).ThenBy(c => c.CategoryId).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"C {c.ServiceId} {c.CategoryId}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"changes {await db.ChangeLog.CountAsync()} field-provenance {await db.FieldProvenance.CountAsync()} record-provenance {await db.RecordProvenance.CountAsync()}");
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Sources used by the tests.</summary>
public static class TestSources
{
    public static SourceDefinition Hsds(string? url = null, string? path = null, string id = "test-hsds") =>
        new() { Id = id, Name = id, Format = ImportFormat.HsdsJson, Url = url, Path = path };

    public static SourceDefinition Csv(string path, string mapping, string id = "test-csv") =>
        new() { Id = id, Name = id, Format = ImportFormat.Csv, Path = path, Mapping = mapping };

    public static string SeedFeed(string name) => Path.Combine(RepositoryPaths.Root, "seed", "feeds", name);
}
