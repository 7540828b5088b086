using Directory.Model.Data;
using Directory.Model.Geography;
using Directory.Model.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.GraphQL;

/// <summary>
/// Reference data in memory: regions, provinces and comuni (about 8,000 rows) and the categories of the taxonomy, all
/// written only by seeding at start-up, so the comune of a page of places or the categories of a page of services
/// cost no SQL (or a simpler statement). Loaded at start-up (<see cref="LoadAsync"/>), again in the background if that
/// failed; until then, and for a key it does not hold (a row added after loading), callers fall back to the database.
/// </summary>
public sealed partial class ReferenceCache(IDbContextFactory<DirectoryDbContext> factory, ILogger<ReferenceCache> logger)
{
    private readonly Lock _lock = new();
    private Snapshot? _snapshot;
    private Task? _loading;

    private sealed record Snapshot(
        IReadOnlyDictionary<string, Comune> Comuni,
        IReadOnlyDictionary<string, Province> Provinces,
        IReadOnlyDictionary<string, Region> Regions,
        IReadOnlyDictionary<int, Category> Categories);

    public bool TryGetComune(string code, out Comune? comune) => TryGet(s => s.Comuni, code, out comune);

    public bool TryGetProvince(string code, out Province? province) => TryGet(s => s.Provinces, code, out province);

    public bool TryGetRegion(string code, out Region? region) => TryGet(s => s.Regions, code, out region);

    /// <summary>The categories with these ids, when the cache holds every one of them.</summary>
    public bool TryGetCategories(IEnumerable<int> ids, out IReadOnlyDictionary<int, Category> categories)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var snapshot = Current();
        categories = snapshot?.Categories ?? new Dictionary<int, Category>();
        return snapshot is not null && ids.All(snapshot.Categories.ContainsKey);
    }

    private bool TryGet<T>(Func<Snapshot, IReadOnlyDictionary<string, T>> table, string code, out T? value)
        where T : class
    {
        value = Current() is { } snapshot ? table(snapshot).GetValueOrDefault(code) : null;
        return value is not null;
    }

    /// <summary>The loaded snapshot, or null (then loading starts in the background, unless it is under way).</summary>
    private Snapshot? Current()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null)
        {
            StartLoading();
        }

        return snapshot;
    }

    private void StartLoading()
    {
        lock (_lock)
        {
            if (_loading is null || (_loading.IsCompleted && _snapshot is null))
            {
                _loading = Task.Run(() => LoadCoreAsync(CancellationToken.None));
            }
        }
    }

    /// <summary>Loads the cache now (at start-up, after seeding), so the first requests do not fall back to the database.</summary>
    public Task LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _loading = LoadCoreAsync(cancellationToken);
            return _loading;
        }
    }

    private async Task LoadCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.IstatCode, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var provinces = await db.Provinces.AsNoTracking().ToDictionaryAsync(p => p.IstatCode, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var comuni = await db.Comuni.AsNoTracking().ToDictionaryAsync(c => c.IstatCode, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken).ConfigureAwait(false);

            // An empty database (not seeded yet) is not worth remembering: the next use tries again.
            if (comuni.Count > 0)
            {
                Volatile.Write(ref _snapshot, new Snapshot(comuni, provinces, regions, categories));
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogLoadFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the reference data cache; it is read from the database meanwhile.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
