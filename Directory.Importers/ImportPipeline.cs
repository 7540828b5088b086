using Directory.Importers.Fetching;
using Directory.Importers.Formats;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Data;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Directory.Importers;

/// <summary>What a run did, with example changes (the run itself is stored; the examples are not).</summary>
public sealed record ImportResult(ImportRun Run, IReadOnlyList<string> Examples, int RowsWritten)
{
    /// <summary>0 finished cleanly, 1 finished with rejected rows, 2 failed or aborted.</summary>
    public int ExitCode => Run.Status switch
    {
        ImportRunStatus.Succeeded when Run.Rejected == 0 => 0,
        ImportRunStatus.Succeeded => 1,
        _ => 2,
    };
}

/// <summary>
/// One import, end to end: source → fetcher → streaming reader → matching → sync → run report. The CLI (and later
/// a scheduled service) call this and nothing else.
/// </summary>
public sealed class ImportPipeline(
    IDbContextFactory<DirectoryDbContext> factory,
    FeedFetcher fetcher,
    IEnumerable<IFeedReader> readers,
    IOptions<ImportOptions> options,
    TimeProvider clock)
{
    /// <summary>Rejected rows kept per run (the count is exact; the list stops here).</summary>
    private const int MaxStoredErrors = 10_000;

    public async Task<ImportResult> RunAsync(SourceDefinition definition, bool dryRun, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var source = await RegisterSourceAsync(db, definition, cancellationToken).ConfigureAwait(false);
        var run = new ImportRun { SourceId = source.Id, StartedAt = clock.GetUtcNow().UtcDateTime, IsDryRun = dryRun };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        SyncEngine? engine = null;
        DirectoryDbContext? syncDb = null;
        var examples = new List<string>();
        try
        {
            if (definition.OwnerOrganizationId is { } owner && !await db.Organizations.AnyAsync(o => o.Id == owner, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException($"source {definition.Id}: owning organization {owner} does not exist");
            }

            await using var feed = await fetcher.OpenAsync(definition, source.ETag, source.LastModified, cancellationToken).ConfigureAwait(false);
            if (feed.NotModified)
            {
                run.NotModified = true;
                run.Message = "the feed has not changed since the last run";
                run.Status = ImportRunStatus.Succeeded;
                return new ImportResult(run, examples, 0);
            }

            var matcher = await ComuneMatcher.LoadAsync(db, cancellationToken).ConfigureAwait(false);
            if (matcher.Count == 0)
            {
                throw new InvalidOperationException("the database holds no comuni: start the API once (it seeds them) before importing");
            }

            var categories = await db.Categories.Select(c => c.Code).ToListAsync(cancellationToken).ConfigureAwait(false);
            var preparer = new FeedPreparer(matcher, categories.ToHashSet(StringComparer.Ordinal), definition.OwnerOrganizationId is not null);
            var reader = readers.FirstOrDefault(r => r.Format == definition.Format) ?? throw new InvalidDataException($"no reader for format {definition.Format}");
            try
            {
                await foreach (var item in reader.ReadAsync(feed.Content!, definition, cancellationToken).ConfigureAwait(false))
                {
                    preparer.Add(item);
                }
            }
            finally
            {
                run.RowsRead = preparer.Rows;
                run.Rejected = preparer.RejectedRows;
                run.Errors.AddRange(preparer.Rejections.Take(MaxStoredErrors).Select(r => new ImportRunError
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
                return new ImportResult(run, examples, 0);
            }

            syncDb = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            engine = new SyncEngine(syncDb, options.Value, clock);
            var report = await engine.ApplyAsync(source, run.Id, preparer.Feed, dryRun, cancellationToken).ConfigureAwait(false);
            run.Status = ImportRunStatus.Succeeded;
            run.Message = report.Note;
            if (!dryRun)
            {
                source.ETag = feed.ETag;
                source.LastModified = feed.LastModified;
                source.LastSucceededAt = clock.GetUtcNow().UtcDateTime;
                source.LastSucceededRunId = run.Id;
            }

            return new ImportResult(run, examples, report.RowsWritten);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Every failure ends the run as failed with its reason; batches committed before it stay, consistent.
            run.Status = ImportRunStatus.Failed;
            run.Message = Limit(e is OperationCanceledException ? "cancelled" : Describe(e), 4000);
            return new ImportResult(run, examples, engine?.Report.RowsWritten ?? 0);
        }
        finally
        {
            if (engine is not null)
            {
                var report = engine.Report;
                (run.Created, run.Updated, run.Unchanged, run.Withdrawn, run.Restored, run.Protected) =
                    (report.Created, report.Updated, report.Unchanged, report.Withdrawn, report.Restored, report.Protected);
                examples.AddRange(report.Examples);
            }

            if (syncDb is not null)
            {
                await syncDb.DisposeAsync().ConfigureAwait(false);
            }

            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
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
