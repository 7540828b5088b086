using System.ComponentModel.DataAnnotations;
using Directory.Importers;
using Directory.Importers.Scheduling;
using Directory.Importers.Sources;
using Directory.Model.Data;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Directory.Api.Importing;

/// <summary>Scheduled imports in the API. Configuration section <c>Directory:Importers:Schedule</c>; off by default.</summary>
public sealed class ScheduledImportOptions
{
    public const string Section = "Directory:Importers:Schedule";

    /// <summary>Whether the API runs the configured sources on their <c>schedule</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The sources file; relative to the content root. Default: <c>seed/feeds/sources.json</c> beside the binary.</summary>
    public string? SourcesFile { get; set; }

    /// <summary>How often the scheduler looks for due sources.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a run's lease holds without renewal, i.e. how long a source stays blocked after a process died mid-run.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = ImportLeases.DefaultDuration;
}

/// <summary>A configured source with a schedule.</summary>
public sealed record ScheduledSource(SourceDefinition Definition, TimeSpan Interval);

/// <summary>What the scheduler did with a due source: the run, or why it did not run.</summary>
public sealed record ScheduledRun(string SourceId, ImportRun? Run, string? Skipped);

/// <summary>
/// Decides which sources are due and runs them through <see cref="ImportPipeline"/>, each under its lease (so never
/// twice at once, in this process or against the command line). A failing run is logged and ends there; the next
/// one comes at the next due time.
/// </summary>
public sealed partial class ImportScheduler(
    IServiceProvider services,
    ImportLeases leases,
    IDbContextFactory<DirectoryDbContext> factory,
    TimeProvider clock,
    IOptions<ScheduledImportOptions> options,
    IHostEnvironment environment,
    ILogger<ImportScheduler> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task<ScheduledRun>> _running = new(StringComparer.Ordinal);
    private IReadOnlyList<ScheduledSource>? _sources;

    /// <summary>The sources file in use.</summary>
    public string SourcesFilePath =>
        options.Value.SourcesFile is { Length: > 0 } file
            ? Path.GetFullPath(file, environment.ContentRootPath)
            : Path.Combine(AppContext.BaseDirectory, "seed", "feeds", "sources.json");

    /// <summary>The scheduled sources (those with a <c>schedule</c>), read and checked once.</summary>
    public IReadOnlyList<ScheduledSource> Sources => _sources ??= Load();

    /// <summary>
    /// Reads the sources file and parses every schedule. Throws <see cref="InvalidDataException"/> naming the file and
    /// source, so a bad schedule stops start-up instead of silently never running.
    /// </summary>
    public IReadOnlyList<ScheduledSource> Load()
    {
        var path = SourcesFilePath;
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{ScheduledImportOptions.Section}: the sources file {path} does not exist");
        }

        var scheduled = new List<ScheduledSource>();
        foreach (var source in SourcesFile.Load(path).Sources.Where(s => s.Schedule is not null))
        {
            if (!ImportSchedule.TryParse(source.Schedule, out var interval, out var error))
            {
                throw new InvalidDataException($"{path}, source {source.Id}: {error}");
            }

            scheduled.Add(new ScheduledSource(source, interval));
        }

        _sources = scheduled;
        return scheduled;
    }

    /// <summary>
    /// Starts a run of every due source that is not already running here, and returns them; each completes with its
    /// outcome and never throws. A source is due when its last (non-dry) run started at least its interval ago.
    /// </summary>
    public async Task<IReadOnlyList<Task<ScheduledRun>>> StartDueAsync(CancellationToken cancellationToken)
    {
        var sources = Sources;
        if (sources.Count == 0)
        {
            return [];
        }

        var ids = sources.Select(s => s.Definition.Id).ToList();
        Dictionary<string, DateTime> lastStarts;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            lastStarts = await db.ImportRuns.AsNoTracking().Where(r => !r.IsDryRun && ids.Contains(r.SourceId))
                .GroupBy(r => r.SourceId).Select(g => new { g.Key, Last = g.Max(r => r.StartedAt) })
                .ToDictionaryAsync(x => x.Key, x => x.Last, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var started = new List<Task<ScheduledRun>>();
        lock (_lock)
        {
            foreach (var source in sources)
            {
                var id = source.Definition.Id;
                var due = !lastStarts.TryGetValue(id, out var last) || last + source.Interval <= now;
                if (!due || (_running.TryGetValue(id, out var current) && !current.IsCompleted))
                {
                    continue;
                }

                var run = RunAsync(source, cancellationToken);
                _running[id] = run;
                started.Add(run);
            }
        }

        return started;
    }

    /// <summary>Completes when every run started so far has ended.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll(_running.Values);
        }
    }

    private async Task<ScheduledRun> RunAsync(ScheduledSource source, CancellationToken cancellationToken)
    {
        // Off the caller's thread: the loop goes on while this source imports.
        await Task.Yield();
        var id = source.Definition.Id;
        try
        {
            var attempt = await leases.TryAcquireAsync(id, "scheduler", options.Value.LeaseDuration, cancellationToken).ConfigureAwait(false);
            if (attempt.Lease is null)
            {
                LogBusy(logger, id, attempt.HeldBy, attempt.HeldUntil);
                return new ScheduledRun(id, null, $"being imported by {attempt.HeldBy}");
            }

            await using (attempt.Lease.ConfigureAwait(false))
            {
                LogStarting(logger, id);
                var result = await services.GetRequiredService<ImportPipeline>().RunAsync(source.Definition, dryRun: false, cancellationToken).ConfigureAwait(false);
                var r = result.Run;
                if (r.Status == ImportRunStatus.Succeeded)
                {
                    LogSucceeded(logger, id, r.Id, r.RowsRead, r.Created, r.Updated, r.Withdrawn, r.Rejected, r.Message);
                }
                else
                {
                    LogFailed(logger, id, r.Id, r.Status, r.Message);
                }

                return new ScheduledRun(id, r, null);
            }
        }
        catch (Exception e)
        {
            // The pipeline records its own failures; this is what happened around it (database down, shutdown...).
            LogCrashed(logger, e, id);
            return new ScheduledRun(id, null, e is OperationCanceledException ? "cancelled" : e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled import of {Source}: starting")]
    private static partial void LogStarting(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled import of {Source}: run {RunId} succeeded ({RowsRead} read, {Created} created, {Updated} updated, {Withdrawn} withdrawn, {Rejected} rejected) {Note}")]
    private static partial void LogSucceeded(ILogger logger, string source, int runId, int rowsRead, int created, int updated, int withdrawn, int rejected, string? note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled import of {Source}: run {RunId} ended {Status}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string source, int runId, ImportRunStatus status, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled import of {Source}: skipped, {Holder} is importing it (lease until {Until:u})")]
    private static partial void LogBusy(ILogger logger, string source, string? holder, DateTime? until);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled import of {Source} could not run")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string source);
}

/// <summary>
/// The hosted service: checks the schedule every <see cref="ScheduledImportOptions.PollInterval"/> and starts due
/// sources. On shutdown the running imports are cancelled (each run ends as failed, "cancelled"; batches already
/// committed stay, nothing is half-written) and waited for.
/// </summary>
public sealed partial class ScheduledImports(ImportScheduler scheduler, TimeProvider clock, IOptions<ScheduledImportOptions> options, ILogger<ScheduledImports> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host starts listening: a missing sources file or a bad schedule stops start-up.
        var sources = scheduler.Load();
        LogStarted(logger, sources.Count, scheduler.SourcesFilePath);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await scheduler.StartDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogTickFailed(logger, e);
                }

                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await scheduler.WhenIdleAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled imports on: {Count} scheduled sources in {Path}")]
    private static partial void LogStarted(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled imports: could not check which sources are due")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}

public static class ScheduledImportServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Directory:Importers:Schedule:Enabled</c> is true: the import pipeline (options <c>Importers:Sync</c>,
    /// <c>Importers:Fetch</c>) and the hosted service running sources on their schedule. Otherwise nothing.
    /// </summary>
    public static IServiceCollection AddDirectoryScheduledImports(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ScheduledImportOptions.Section);
        if (!section.GetValue<bool>(nameof(ScheduledImportOptions.Enabled)))
        {
            return services;
        }

        services.AddOptions<ScheduledImportOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDirectoryImporters(configuration);
        services.AddSingleton<ImportScheduler>();
        services.AddHostedService<ScheduledImports>();
        return services;
    }
}
