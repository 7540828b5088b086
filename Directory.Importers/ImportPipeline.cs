using System.Runtime.CompilerServices;
using Directory.Importers.Fetching;
using Directory.Importers.Formats;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Data;
using Directory.Model.Importing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Directory.Importers;

/// <summary>What a run did, with example changes (the run itself is stored; the examples are not).</summary>
public sealed record ImportResult(ImportRun Run, IReadOnlyList<string> Examples, int RowsWritten)
{
    /// <summary>Rows of an HSDS JSON feed recognised unchanged by their raw fingerprint, without being mapped.</summary>
    public int RawUnchanged { get; init; }

    /// <summary>Whether a changed row described a record that unchanged rows name, so every row was checked again, mapped.</summary>
    public bool RawConflict { get; init; }

    /// <summary>0 finished cleanly, 1 finished with rejected rows, 2 failed or aborted.</summary>
    public int ExitCode => Run.Status switch
    {
        ImportRunStatus.Succeeded when Run.Rejected == 0 => 0,
        ImportRunStatus.Succeeded => 1,
        _ => 2,
    };
}

/// <summary>What a run is doing, for a progress display.</summary>
public enum ImportPhase
{
    /// <summary>Downloading the feed (bytes).</summary>
    Fetching,

    /// <summary>First pass: reading and checking every row (bytes of the feed read).</summary>
    Checking,

    /// <summary>Second pass: storing the rows that passed and name a new or changed record, batch by batch (rows, out of those rows).</summary>
    Writing,

    /// <summary>Withdrawing what a full feed no longer lists.</summary>
    Withdrawing,
}

/// <summary>How far a run has got: <paramref name="Done"/> of <paramref name="Total"/> (null when unknown), counted in bytes or rows.</summary>
public sealed record ImportProgress(ImportPhase Phase, long Done, long? Total, bool InBytes);

/// <summary>
/// One import, end to end: source → fetcher → streaming reader → matching → sync → run report. The CLI (and later
/// a scheduled service) call this and nothing else.
/// </summary>
/// <remarks>
/// Memory does not grow with the feed: the feed is spooled to disk (a local file is read in place), a first pass
/// checks every row and counts the rejected ones (remembering on disk only what later rows are checked against) and
/// recognises unchanged records by their fingerprints (an HSDS JSON row by its raw fingerprint, without mapping it: see
/// <see cref="FeedPreparer.CheckRaw"/>), the error ratio is decided before anything is written, and a
/// second pass reads the feed again, only when some row names a new or changed record, and stores those rows in
/// batches of <see cref="ImportOptions.BatchSize"/> rows, one transaction each. The run's work folder (download,
/// scratch file) is deleted at the end, whatever happened.
/// </remarks>
public sealed class ImportPipeline(
    IDbContextFactory<DirectoryDbContext> factory,
    FeedFetcher fetcher,
    IEnumerable<IFeedReader> readers,
    IOptions<ImportOptions> options,
    TimeProvider clock)
{
    /// <summary>Rejected rows kept per run (the count is exact; the list stops here).</summary>
    private const int MaxStoredErrors = 10_000;

    /// <summary>Rows between two progress reports while reading.</summary>
    private const int ProgressEvery = 1000;

    public Task<ImportResult> RunAsync(SourceDefinition definition, bool dryRun, CancellationToken cancellationToken) =>
        RunAsync(definition, dryRun, null, cancellationToken);

    public async Task<ImportResult> RunAsync(SourceDefinition definition, bool dryRun, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var source = await RegisterSourceAsync(db, definition, cancellationToken).ConfigureAwait(false);
        var run = new ImportRun { SourceId = source.Id, StartedAt = clock.GetUtcNow().UtcDateTime, IsDryRun = dryRun };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        SyncEngine? engine = null;
        var rawUnchanged = 0;
        var rawConflict = false;
        var nothingToWithdraw = false;
        DirectoryDbContext? syncDb = null;
        RunScratch? scratch = null;
        var examples = new List<string>();
        var folder = Path.Combine(options.Value.WorkFolder ?? Path.Combine(Path.GetTempPath(), "directory-imports"), $"run-{run.Id}-{Guid.NewGuid():N}");
        try
        {
            if (definition.OwnerOrganizationId is { } owner && !await db.Organizations.AnyAsync(o => o.Id == owner, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException($"source {definition.Id}: owning organization {owner} does not exist");
            }

            var matcher = await ComuneMatcher.LoadAsync(db, cancellationToken).ConfigureAwait(false);
            if (matcher.Count == 0)
            {
                throw new InvalidOperationException("the database holds no comuni: start the API once (it seeds them) before importing");
            }

            var reader = readers.FirstOrDefault(r => r.Format == definition.Format) ?? throw new InvalidDataException($"no reader for format {definition.Format}");
            System.IO.Directory.CreateDirectory(folder);
            var downloaded = progress is null ? null : new DirectProgress<long>(bytes => progress.Report(new ImportProgress(ImportPhase.Fetching, bytes, null, true)));
            var feed = await fetcher.SpoolAsync(definition, source.ETag, source.LastModified, folder, downloaded, cancellationToken).ConfigureAwait(false);
            if (feed.NotModified)
            {
                run.NotModified = true;
                run.Message = "the feed has not changed since the last run";
                run.Status = ImportRunStatus.Succeeded;
                return new ImportResult(run, examples, 0);
            }

            // Pass 1: check and count every row; nothing is written yet.
            var categories = await db.Categories.Select(c => c.Code).ToListAsync(cancellationToken).ConfigureAwait(false);
            scratch = new RunScratch(Path.Combine(folder, "run.scratch"));
            var stored = await db.Database.SqlQueryRaw<bool>(RunScratch.AnyStoredSql, new SqliteParameter("$source", source.Id)).SingleAsync(cancellationToken).ConfigureAwait(false);
            // HSDS JSON rows are read raw: an unchanged row is recognised by its raw fingerprint, without being mapped
            // (HsdsRawReader reads the rows HsdsJsonReader reads, and maps them with it).
            var raw = reader is HsdsJsonReader && feed.ReadAs is null
                ? RawFingerprints.Settings(definition.OwnerOrganizationId, matcher, categories)
                : null;
            if (stored)
            {
                scratch.OpenDatabase(db.Database.GetConnectionString()!, source.Id);
                if (raw is not null)
                {
                    await WithScratchAsync(db, scratch, () => db.Database.ExecuteSqlRawAsync(RunScratch.CopyRawSql,
                        [new SqliteParameter("$source", source.Id), new SqliteParameter("$person", nameof(ChangeAuthorKind.Person))], cancellationToken), cancellationToken).ConfigureAwait(false);
                }
            }

            FeedPreparer NewPreparer(bool rawPath) => new(matcher, categories.ToHashSet(StringComparer.Ordinal), definition.OwnerOrganizationId, scratch, MaxStoredErrors)
            {
                NothingStored = !stored,
                RawPath = rawPath && stored,
            };
            var preparer = NewPreparer(rawPath: true);
            try
            {
                scratch.BeginWrites();
                if (raw is null)
                {
                    await foreach (var item in ReadAsync(reader, feed, feed.ReadAs ?? definition, ImportPhase.Checking, progress, cancellationToken).ConfigureAwait(false))
                    {
                        preparer.Check(item);
                    }

                    scratch.EndWrites();
                }
                else
                {
                    await CheckRawAsync(preparer, feed, raw, progress, cancellationToken).ConfigureAwait(false);
                    scratch.EndWrites();
                    if (preparer.MayConflict && await WithScratchAsync(db, scratch, () => db.Database.SqlQueryRaw<bool>(RunScratch.RawConflictSql, new SqliteParameter("$source", source.Id))
                        .SingleAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
                    {
                        // A mapped row describes a record that rows taken raw name, otherwise: check every row again, mapped, in order.
                        rawConflict = true;
                        scratch.ResetChecks();
                        preparer = NewPreparer(rawPath: false);
                        scratch.BeginWrites();
                        await CheckRawAsync(preparer, feed, raw, progress, cancellationToken).ConfigureAwait(false);
                        scratch.EndWrites();
                    }

                    if (preparer.RawUnchanged > 0)
                    {
                        // Every row taken raw (nothing mapped, rejected or to store): count the records they name
                        // instead of marking them, and mark them only when withdrawal will have to look.
                        var allRaw = preparer.RawUnchanged == preparer.Rows;
                        var (references, marked) = await WithScratchAsync(db, scratch, async () =>
                        {
                            if (allRaw)
                            {
                                var organizations = await db.Database.SqlQueryRaw<long>(RunScratch.CountRawOrganizationsSql, new SqliteParameter("$source", source.Id))
                                    .SingleAsync(cancellationToken).ConfigureAwait(false);
                                var locations = await db.Database.SqlQueryRaw<long>(RunScratch.CountRawLocationsSql, new SqliteParameter("$source", source.Id))
                                    .SingleAsync(cancellationToken).ConfigureAwait(false);
                                var complete = !source.IsFullFeed || await db.Database.SqlQueryRaw<bool>(RunScratch.NothingMissingSql,
                                    new SqliteParameter("$source", source.Id), new SqliteParameter("$services", preparer.RawUnchanged),
                                    new SqliteParameter("$organizations", organizations), new SqliteParameter("$locations", locations))
                                    .SingleAsync(cancellationToken).ConfigureAwait(false);
                                if (complete)
                                {
                                    return ((int)(organizations + locations), false);
                                }
                            }

                            await db.Database.ExecuteSqlRawAsync(RunScratch.MarkRawServicesCleanSql, cancellationToken).ConfigureAwait(false);
                            return (await db.Database.ExecuteSqlRawAsync(RunScratch.MarkRawReferencesCleanSql, [new SqliteParameter("$source", source.Id)], cancellationToken).ConfigureAwait(false), true);
                        }, cancellationToken).ConfigureAwait(false);
                        preparer.CountUnchanged(references);
                        nothingToWithdraw = !marked;
                    }
                }
            }
            finally
            {
                run.RowsRead = preparer.Rows;
                run.Rejected = preparer.RejectedRows;
                rawUnchanged = preparer.RawUnchanged;
                run.Errors.AddRange(preparer.Rejections.Select(r => new ImportRunError
                {
                    Row = r.Row,
                    ExternalId = Limit(r.Problem.ExternalId, 200),
                    Field = Limit(r.Problem.Field, 200),
                    Message = Limit(r.Problem.Message, 2000)!,
                }));
            }

            var ratio = run.RowsRead == 0 ? 0 : (double)run.Rejected / run.RowsRead;
            if (ratio > options.Value.MaxErrorRatio)
            {
                run.Status = ImportRunStatus.Aborted;
                run.Message = $"{run.Rejected} of {run.RowsRead} rows rejected ({ratio:P0}), over the limit of {options.Value.MaxErrorRatio:P0}: nothing written";
                return new ImportResult(run, examples, 0) { RawUnchanged = rawUnchanged, RawConflict = rawConflict };
            }

            // Pass 2: read again and store the rows that passed and name a record that is not unchanged (none: the
            // feed is not read again), a batch (one transaction) at a time.
            syncDb = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            engine = new SyncEngine(syncDb, options.Value, clock);
            await engine.BeginAsync(source, run.Id, scratch, dryRun, cancellationToken).ConfigureAwait(false);
            engine.Report.Unchanged = preparer.Unchanged;
            var valid = run.RowsRead - run.Rejected;
            var dirty = preparer.DirtyRows;
            var written = 0;
            var batch = new PreparedFeed();
            var rows = dirty == 0 ? AsyncEnumerable.Empty<ImportItem>() : ReadAsync(reader, feed, feed.ReadAs ?? definition, ImportPhase.Writing, null, cancellationToken);
            await foreach (var item in rows.ConfigureAwait(false))
            {
                if (!preparer.Accept(item, batch) || ++batch.Rows < options.Value.BatchSize)
                {
                    continue;
                }

                await engine.ApplyBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                written += batch.Rows;
                progress?.Report(new ImportProgress(ImportPhase.Writing, written, dirty, false));
                batch = new PreparedFeed();
            }

            if (batch.Rows > 0)
            {
                await engine.ApplyBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                progress?.Report(new ImportProgress(ImportPhase.Writing, written + batch.Rows, dirty, false));
            }

            progress?.Report(new ImportProgress(ImportPhase.Withdrawing, 0, null, false));
            var report = await engine.FinishAsync(preparer.HasAnonymousRejections, valid > 0, preparer.RawToStore > 0, nothingToWithdraw, cancellationToken).ConfigureAwait(false);
            if (!dryRun && report.RowsWritten > 0)
            {
                // The data just changed, maybe a lot (a source's first run): statistics from before, or none, would mislead
                // SQLite's planner for every reader. Costs milliseconds when the tables did not change much. On a context of
                // its own: run on the run's context, the next run's sync context was left with its connection open.
                var statistics = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                await using (statistics.ConfigureAwait(false))
                {
                    await PlannerStatistics.RefreshAsync(statistics, cancellationToken).ConfigureAwait(false);
                }
            }

            run.Status = ImportRunStatus.Succeeded;
            run.Message = report.Note;
            if (!dryRun)
            {
                source.ETag = feed.ETag;
                source.LastModified = feed.LastModified;
                source.LastSucceededAt = clock.GetUtcNow().UtcDateTime;
                source.LastSucceededRunId = run.Id;
            }

            return new ImportResult(run, examples, report.RowsWritten) { RawUnchanged = rawUnchanged, RawConflict = rawConflict };
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Every failure ends the run as failed with its reason; batches committed before it stay, consistent.
            run.Status = ImportRunStatus.Failed;
            run.Message = Limit(e is OperationCanceledException ? "cancelled" : Describe(e), 4000);
            return new ImportResult(run, examples, engine?.Report.RowsWritten ?? 0) { RawUnchanged = rawUnchanged, RawConflict = rawConflict };
        }
        finally
        {
            if (engine is not null)
            {
                await engine.DisposeAsync().ConfigureAwait(false);
                var report = engine.Report;
                (run.Created, run.Updated, run.Unchanged, run.Withdrawn, run.Restored, run.Protected) =
                    (report.Created, report.Updated, report.Unchanged, report.Withdrawn, report.Restored, report.Protected);
                examples.AddRange(report.Examples);
            }

            if (syncDb is not null)
            {
                await syncDb.DisposeAsync().ConfigureAwait(false);
            }

            scratch?.Dispose();
            DeleteFolder(folder);
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every part of a spooled feed in turn, numbering rows across parts (pages) and reporting bytes read.</summary>
    private static async IAsyncEnumerable<ImportItem> ReadAsync(IFeedReader reader, SpooledFeed feed, SourceDefinition definition, ImportPhase phase,
        IProgress<ImportProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0;
        long before = 0;
        foreach (var part in feed.Parts)
        {
            var stream = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                // Readers may dispose the stream they are given (a StreamReader does): ask before.
                var length = stream.Length;
                var last = 0;
                await foreach (var item in reader.ReadAsync(stream, definition, cancellationToken).ConfigureAwait(false))
                {
                    last = Math.Max(last, item.Row);
                    if (progress is not null && item.Row % ProgressEvery == 0)
                    {
                        progress.Report(new ImportProgress(phase, before + (stream.CanSeek ? stream.Position : 0), feed.Bytes, true));
                    }

                    yield return offset == 0 ? item : item with { Row = offset + item.Row };
                }

                offset += last;
                before += length;
            }
        }

        progress?.Report(new ImportProgress(phase, feed.Bytes, feed.Bytes, true));
    }

    /// <summary>Checks every row of every part of an HSDS JSON feed from its raw JSON (see <see cref="FeedPreparer.CheckRaw"/>), numbering rows across parts.</summary>
    private static async Task CheckRawAsync(FeedPreparer preparer, SpooledFeed feed, byte[] settings, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var offset = 0;
        long before = 0;
        foreach (var part in feed.Parts)
        {
            var last = 0;
            await foreach (var row in HsdsRawReader.ReadAsync(part, cancellationToken).ConfigureAwait(false))
            {
                last = row.Row;
                preparer.CheckRaw(offset == 0 ? row : row with { Row = offset + row.Row }, settings);
                if (progress is not null && row.Row % ProgressEvery == 0)
                {
                    progress.Report(new ImportProgress(ImportPhase.Checking, before + row.Position, feed.Bytes, true));
                }
            }

            offset += last;
            before += new FileInfo(part).Length;
        }

        progress?.Report(new ImportProgress(ImportPhase.Checking, feed.Bytes, feed.Bytes, true));
    }

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class DirectProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temporary folder must not turn a finished run into a failed one.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Runs statements of the Directory's database with the run's scratch file attached as <see cref="RunScratch.Schema"/>
    /// (set-based work between the two: nothing goes through memory), then detaches it.
    /// </summary>
    private static async Task<T> WithScratchAsync<T>(DirectoryDbContext db, RunScratch scratch, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await db.Database.ExecuteSqlAsync($"ATTACH DATABASE {scratch.Path} AS run", cancellationToken).ConfigureAwait(false);
            try
            {
                return await work().ConfigureAwait(false);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("DETACH DATABASE run", CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stores (or refreshes) the configured source, keeping what runs learnt about it (ETag, last success).</summary>
    private static async Task<ImportSource> RegisterSourceAsync(DirectoryDbContext db, SourceDefinition d, CancellationToken cancellationToken)
    {
        var source = await db.ImportSources.AsTracking().FirstOrDefaultAsync(s => s.Id == d.Id, cancellationToken).ConfigureAwait(false);
        if (source is null)
        {
            source = new ImportSource { Id = d.Id };
            db.ImportSources.Add(source);
        }

        if (source.Url != d.Url || source.Path != d.Path || source.MappingPath != d.Mapping || source.Format != d.Format)
        {
            // A different feed or reading of it: the last ETag says nothing about it.
            source.ETag = null;
            source.LastModified = null;
        }

        (source.Name, source.Format, source.Url, source.Path, source.MappingPath) = (d.Name, d.Format, d.Url, d.Path, d.Mapping);
        (source.OwnerOrganizationId, source.Licence, source.Schedule, source.IsFullFeed) = (d.OwnerOrganizationId, d.Licence, d.Schedule, d.FullFeed);
        return source;
    }

    private static string Describe(Exception e)
    {
        var root = e.GetBaseException();
        return root == e ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({root.GetType().Name}: {root.Message})";
    }

    private static string? Limit(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";
}
