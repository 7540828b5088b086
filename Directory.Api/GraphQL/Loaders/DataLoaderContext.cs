using System.Collections.Concurrent;
using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.GraphQL.Loaders;

/// <summary>
/// The request's loaders, one per name. Scoped to the HTTP request, so caches never outlive it.
/// Each batch runs on its own short-lived <see cref="DirectoryDbContext"/>, because batches of different
/// loaders run concurrently and a context is not thread-safe.
/// </summary>
public sealed class DataLoaderContext(IDbContextFactory<DirectoryDbContext> factory)
{
    private readonly ConcurrentDictionary<string, object> _loaders = new(StringComparer.Ordinal);

    /// <summary>A loader of one value per key.</summary>
    public BatchLoader<TKey, TValue?> One<TKey, TValue>(
        string name,
        Func<DirectoryDbContext, IReadOnlyList<TKey>, CancellationToken, Task<Dictionary<TKey, TValue>>> fetch)
        where TKey : notnull
        where TValue : class =>
        (BatchLoader<TKey, TValue?>)_loaders.GetOrAdd(name, _ => new BatchLoader<TKey, TValue?>(
            async (keys, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
                var values = await fetch(db, keys, ct).ConfigureAwait(false);
                return values.ToDictionary(kv => kv.Key, kv => (TValue?)kv.Value);
            },
            null));

    /// <summary>A loader of a list per key (one-to-many); keys without rows get an empty list.</summary>
    public BatchLoader<TKey, IReadOnlyList<TValue>> Many<TKey, TValue>(
        string name,
        Func<DirectoryDbContext, IReadOnlyList<TKey>, CancellationToken, Task<List<TValue>>> fetch,
        Func<TValue, TKey> keyOf)
        where TKey : notnull =>
        (BatchLoader<TKey, IReadOnlyList<TValue>>)_loaders.GetOrAdd(name, _ => new BatchLoader<TKey, IReadOnlyList<TValue>>(
            async (keys, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
                var rows = await fetch(db, keys, ct).ConfigureAwait(false);
                return rows.GroupBy(keyOf).ToDictionary(g => g.Key, g => (IReadOnlyList<TValue>)g.ToList());
            },
            []));

    /// <summary>Runs a root query on its own context (root fields of one request may also run concurrently).</summary>
    public async Task<T> QueryAsync<T>(Func<DirectoryDbContext, Task<T>> query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await query(db).ConfigureAwait(false);
    }
}
