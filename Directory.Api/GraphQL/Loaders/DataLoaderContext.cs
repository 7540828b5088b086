using System.Collections.Concurrent;
using System.Linq.Expressions;
using Directory.Model.Common;
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

    /// <summary>A loader of records by id (natively where the context can, see <see cref="NativeReads"/>).</summary>
    public BatchLoader<int, T?> ById<T>(string name)
        where T : Entity =>
        One<int, T>(name, (db, ids, ct) => NativeReads.Enabled<T>(db)
            ? NativeReads.ByIdsAsync<T>(db, ids, e => e.Id, ct)
            : db.Set<T>().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct));

    /// <summary>
    /// A loader of the records whose integer <paramref name="foreignKey"/> is the key, in id order (natively where the
    /// context can, see <see cref="NativeReads"/>).
    /// </summary>
    public BatchLoader<int, IReadOnlyList<T>> ByForeignKey<T>(string name, Expression<Func<T, int>> foreignKey)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(foreignKey);
        // Called for every parent field resolved: the key's getter is compiled once per entity type and property.
        var property = ((MemberExpression)foreignKey.Body).Member.Name;
        var keyOf = ForeignKeyGetters<T>.All.GetOrAdd(property, _ => foreignKey.Compile());
        var parameter = foreignKey.Parameters[0];
        return Many<int, T>(name, (db, keys, ct) =>
        {
            if (NativeReads.Enabled<T>(db))
            {
                return NativeReads.ListAsync<T>(db, EntityReader.For<T>(db.Model).ByColumnSql(property, nameof(Entity.Id)), keys, ct);
            }

            // The keys as a captured value (a member of a constant), which EF Core sends as a parameter, not inlined SQL.
            var captured = Expression.Property(Expression.Constant(new Captured(keys)), nameof(Captured.Keys));
            var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(int)], captured, foreignKey.Body);
            return db.Set<T>().Where(Expression.Lambda<Func<T, bool>>(contains, parameter)).OrderBy(e => e.Id).ToListAsync(ct);
        }, keyOf);
    }

    /// <summary>Runs a root query on its own context (root fields of one request may also run concurrently).</summary>
    public async Task<T> QueryAsync<T>(Func<DirectoryDbContext, Task<T>> query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await query(db).ConfigureAwait(false);
    }

    /// <summary>Compiled getters of integer foreign keys, by property name.</summary>
    private static class ForeignKeyGetters<T>
    {
        public static readonly ConcurrentDictionary<string, Func<T, int>> All = new(StringComparer.Ordinal);
    }

    /// <summary>A value an expression refers to the way a lambda's captured variable does.</summary>
    private sealed record Captured(IReadOnlyList<int> Keys);
}
