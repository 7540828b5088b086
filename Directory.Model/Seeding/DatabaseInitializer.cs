using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Directory.Model.Seeding;

/// <summary>
/// Brings the database up to date on start-up: applies migrations, then seeds reference data and,
/// unless configuration turns it off, demonstration data, and brings the planner statistics up to date
/// (<see cref="PlannerStatistics"/>). Every step is idempotent.
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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var comuniFile = Path.Combine(seed, "reference", "comuni-italia.csv");
        var comuni = await SeedOnceAsync(db, "geography", [comuniFile], () => GeographySeeder.SeedAsync(db, comuniFile, cancellationToken), cancellationToken).ConfigureAwait(false);
        var geographyTime = clock.ElapsedMilliseconds;
        var taxonomyFile = Path.Combine(seed, "reference", "taxonomy.json");
        var taxonomy = await SeedOnceAsync(db, "taxonomy", [taxonomyFile], () => TaxonomySeeder.SeedAsync(db, taxonomyFile, cancellationToken), cancellationToken).ConfigureAwait(false);
        var taxonomyTime = clock.ElapsedMilliseconds - geographyTime;
        var demoFolder = Path.Combine(seed, "demo");
        var demo = data.SeedDemoData
            ? await SeedOnceAsync(db, "demo", System.IO.Directory.GetFiles(demoFolder, "*.json"), () => DemoSeeder.SeedAsync(db, demoFolder, cancellationToken), cancellationToken).ConfigureAwait(false)
            : 0;
        var seedTime = clock.ElapsedMilliseconds - geographyTime - taxonomyTime;
        await PlannerStatistics.RefreshAsync(db, cancellationToken).ConfigureAwait(false);
        LogReady(logger, comuni, geographyTime, taxonomy, taxonomyTime, demo, seedTime, clock.ElapsedMilliseconds - geographyTime - taxonomyTime - seedTime);
    }

    /// <summary>
    /// Runs a seeder unless the same files (by content hash) were applied before. Seeders are idempotent on their own;
    /// this only spares the start-up the work of finding out that nothing changed.
    /// </summary>
    private static async Task<int> SeedOnceAsync(DirectoryDbContext db, string name, string[] files, Func<Task<int>> seed, CancellationToken cancellationToken)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            sha.AppendData(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var hash = Convert.ToHexString(sha.GetHashAndReset());
        var applied = await db.SeedHistory.AsTracking().FirstOrDefaultAsync(h => h.Name == name, cancellationToken).ConfigureAwait(false);
        if (applied?.Hash == hash)
        {
            return 0;
        }

        var written = await seed().ConfigureAwait(false);
        if (applied is null)
        {
            db.SeedHistory.Add(new SeedHistory { Name = name, Hash = hash, AppliedAt = DateTime.UtcNow });
        }
        else
        {
            applied.Hash = hash;
            applied.AppliedAt = DateTime.UtcNow;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>The seed folder: configured, or <c>seed</c> beside the binary.</summary>
    public static string SeedDirectory(DataOptions data) =>
        string.IsNullOrWhiteSpace(data.SeedDirectory) ? Path.Combine(AppContext.BaseDirectory, "seed") : data.SeedDirectory;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Geography} geography rows written in {GeographyMs} ms, {Taxonomy} taxonomy rows in {TaxonomyMs} ms, {Demo} demo rows in {DemoMs} ms, planner statistics in {StatisticsMs} ms")]
    private static partial void LogReady(ILogger logger, int geography, long geographyMs, int taxonomy, long taxonomyMs, int demo, long demoMs, long statisticsMs);
}
