using Directory.Api.Importing;
using Directory.Importers;
using Directory.Model.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Directory.Tests.Importing;

/// <summary>
/// The import pipeline and the scheduled-imports service on an existing database file (an <see cref="ImportHarness"/>
/// copy or a test API's database), with a fake clock, so scheduling and run times are decided by the test.
/// </summary>
public static class ImportServices
{
    public static ServiceProvider Build(string databaseFile, TimeProvider clock, string? sourcesFile = null, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Directory:Data:ConnectionString"] = $"Data Source={databaseFile};Pooling=False",
            ["Directory:Importers:Schedule:Enabled"] = "true",
            ["Directory:Importers:Schedule:SourcesFile"] = sourcesFile ?? "",
            ["Importers:Sync:BatchSize"] = "2",
            ["Importers:Fetch:MaxRetries"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetDirectoryName(databaseFile)!, EnvironmentName = "Testing", ApplicationName = "tests" });
        services.AddDirectoryData(configuration);
        services.AddSingleton(clock);
        services.AddDirectoryScheduledImports(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Writes a sources file in <paramref name="folder"/> and returns its path.</summary>
    public static string WriteSources(string folder, string json)
    {
        var path = Path.Combine(folder, "sources-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    public static async ValueTask DisposeAsync(ServiceProvider services)
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>A fake clock at a fixed, known moment.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    public static ImportPipeline Pipeline(this IServiceProvider services) => services.GetRequiredService<ImportPipeline>();

    public static ImportScheduler Scheduler(this IServiceProvider services) => services.GetRequiredService<ImportScheduler>();
}
