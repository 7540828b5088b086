using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Directory.Model.Seeding;

/// <summary>
/// Brings the database up to date on start-up: applies migrations, then seeds reference data and,
/// unless configuration turns it off, demonstration data. Every step is idempotent.
/// </summary>
public sealed partial class DatabaseInitializer(
    IDbContextFactory<DirectoryDbContext> factory,
    IOptions<DataOptions> options,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var data = options.Value;
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (data.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            // WAL lets readers go on while a writer (an import, an edit) holds the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        }

        var seed = SeedDirectory(data);
        var comuni = await GeographySeeder.SeedAsync(db, Path.Combine(seed, "reference", "comuni-italia.csv"), cancellationToken).ConfigureAwait(false);
        var taxonomy = await TaxonomySeeder.SeedAsync(db, Path.Combine(seed, "reference", "taxonomy.json"), cancellationToken).ConfigureAwait(false);
        var demo = data.SeedDemoData
            ? await DemoSeeder.SeedAsync(db, Path.Combine(seed, "demo"), cancellationToken).ConfigureAwait(false)
            : 0;
        LogReady(logger, comuni, taxonomy, demo);
    }

    /// <summary>The seed folder: configured, or <c>seed</c> beside the binary.</summary>
    public static string SeedDirectory(DataOptions data) =>
        string.IsNullOrWhiteSpace(data.SeedDirectory) ? Path.Combine(AppContext.BaseDirectory, "seed") : data.SeedDirectory;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Geography} geography, {Taxonomy} taxonomy and {Demo} demo rows written")]
    private static partial void LogReady(ILogger logger, int geography, int taxonomy, int demo);
}
