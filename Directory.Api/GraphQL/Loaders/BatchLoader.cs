using GraphQL.DataLoader;

namespace Directory.Api.GraphQL.Loaders;

/// <summary>
/// Collects the keys that resolvers ask for during one execution level and fetches them in one batch when the
/// executor first needs a value (GraphQL.NET awaits <see cref="IDataLoaderResult"/>s only after every ordinary
/// field of the level has run). Values are cached for the rest of the request; a missing key yields the default.
/// Thread-safe: the parallel execution strategy completes loader results concurrently.
/// </summary>
public sealed class BatchLoader<TKey, TValue>
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _fetch;
    private readonly TValue _missing;
    private readonly Lock _lock = new();
    private readonly List<TKey> _pending = [];
    private readonly HashSet<TKey> _pendingSet = [];
    private readonly Dictionary<TKey, Task<IReadOnlyDictionary<TKey, TValue>>> _batches = [];

    public BatchLoader(Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch, TValue missing)
    {
        _fetch = fetch;
        _missing = missing;
    }

    /// <summary>Queues a key; the value arrives when the executor awaits the result.</summary>
    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_lock)
        {
            if (!_batches.ContainsKey(key) && _pendingSet.Add(key))
            {
                _pending.Add(key);
            }
        }

        return new Result(this, key);
    }

    /// <summary>The value for <paramref name="key"/>: fetching the queued keys first if its batch has not been fetched yet.</summary>
    private Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        var batch = BatchOf(key, cancellationToken);
        // Fetches usually finish at once (SQLite): then no state machine per value, only its completed task.
        return batch.IsCompletedSuccessfully ? Task.FromResult(ValueIn(batch.Result, key)) : AwaitAsync(batch, key);
    }

    private async Task<TValue> AwaitAsync(Task<IReadOnlyDictionary<TKey, TValue>> batch, TKey key) => ValueIn(await batch.ConfigureAwait(false), key);

    private TValue ValueIn(IReadOnlyDictionary<TKey, TValue> values, TKey key) => values.TryGetValue(key, out var value) ? value : _missing;

    private Task<IReadOnlyDictionary<TKey, TValue>> BatchOf(TKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_batches.TryGetValue(key, out var batch))
            {
                // First value awaited since the last dispatch: fetch everything queued so far in one go.
                var keys = _pending.ToArray();
                _pending.Clear();
                _pendingSet.Clear();
                batch = _fetch(keys, cancellationToken);
                foreach (var k in keys)
                {
                    _batches[k] = batch;
                }
            }

            return batch;
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => DataLoaderResults.AsObject(loader.GetAsync(key, cancellationToken));
    }
}
