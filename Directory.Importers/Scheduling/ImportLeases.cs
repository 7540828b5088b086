using System.Globalization;
using Directory.Model.Data;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Importers.Scheduling;

/// <summary>The outcome of asking for a source's lease: the lease, or who holds it and until when.</summary>
public sealed record LeaseAttempt(ImportLeaseHandle? Lease, string? HeldBy, DateTime? HeldUntil)
{
    public bool Acquired => Lease is not null;
}

/// <summary>
/// At most one import of a source at a time, across processes (the scheduled service and the command line): a
/// run takes the source's <see cref="ImportLease"/> row before it starts and gives it back when it ends. Taking
/// it is one conditional statement (or one insert), so two callers can never both win.
/// </summary>
public sealed class ImportLeases(IDbContextFactory<DirectoryDbContext> factory, TimeProvider clock)
{
    /// <summary>How long a lease holds without being extended; the holder extends it every third of this.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Takes the lease of <paramref name="sourceId"/> for <paramref name="holder"/> (e.g. <c>scheduler</c>, <c>cli</c>)
    /// unless someone else holds an unexpired one. Runs of the source still marked running belong to a holder that
    /// died (its lease expired): they are closed as failed.
    /// </summary>
    public async Task<LeaseAttempt> TryAcquireAsync(string sourceId, string holder, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var length = duration ?? DefaultDuration;
        if (length <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "a lease must last some time");
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{holder}@{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");
        name = name.Length <= 200 ? name : name[..200];
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + length;
        var taken = await db.ImportLeases.Where(l => l.SourceId == sourceId && l.ExpiresAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, name).SetProperty(l => l.TakenAt, now).SetProperty(l => l.ExpiresAt, until), cancellationToken)
            .ConfigureAwait(false) == 1;
        if (!taken)
        {
            db.ImportLeases.Add(new ImportLease { SourceId = sourceId, Holder = name, TakenAt = now, ExpiresAt = until });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                taken = true;
            }
            catch (DbUpdateException)
            {
                var current = await db.ImportLeases.AsNoTracking().FirstOrDefaultAsync(l => l.SourceId == sourceId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    throw;
                }

                return new LeaseAttempt(null, current.Holder, current.ExpiresAt);
            }
        }

        // Whoever ran the source before us is gone (we hold the lease): its run will never finish.
        await db.ImportRuns.Where(r => r.SourceId == sourceId && r.Status == ImportRunStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ImportRunStatus.Failed)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Message, "interrupted: the process running it stopped before the run ended"), cancellationToken)
            .ConfigureAwait(false);
        return new LeaseAttempt(new ImportLeaseHandle(factory, clock, sourceId, name, length), null, null);
    }
}

/// <summary>A held lease: extended in the background while the run goes on, given back on dispose.</summary>
public sealed class ImportLeaseHandle : IAsyncDisposable
{
    private readonly IDbContextFactory<DirectoryDbContext> _factory;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    internal ImportLeaseHandle(IDbContextFactory<DirectoryDbContext> factory, TimeProvider clock, string sourceId, string holder, TimeSpan duration)
    {
        (_factory, _clock, SourceId, Holder, _duration) = (factory, clock, sourceId, holder, duration);
        _renewal = RenewAsync(_stop.Token);
    }

    public string SourceId { get; }

    /// <summary>Unique name of this holder.</summary>
    public string Holder { get; }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_duration / 3, _clock, cancellationToken).ConfigureAwait(false);
                await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                var until = _clock.GetUtcNow().UtcDateTime + _duration;
                await db.ImportLeases.Where(l => l.SourceId == SourceId && l.Holder == Holder)
                    .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, until), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _renewal.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A renewal that failed only shortens the lease; giving it back below is what matters.
        }

        _stop.Dispose();
        await using var db = await _factory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        await db.ImportLeases.Where(l => l.SourceId == SourceId && l.Holder == Holder).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
