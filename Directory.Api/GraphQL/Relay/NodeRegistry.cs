using Directory.Api.GraphQL.Loaders;
using Directory.Model.Common;
using Directory.Model.Data;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.GraphQL.Relay;

/// <summary>
/// Knows, for every node type, how to load objects by key. Built once at start-up; <c>node</c> and <c>nodes</c>
/// use it, and loads of the same type batch into one statement.
/// </summary>
public sealed class NodeRegistry
{
    private readonly Dictionary<string, Func<DataLoaderContext, string, IDataLoaderResult<object?>?>> _loaders = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> TypeNames => _loaders.Keys;

    /// <summary>A type whose records have an integer <see cref="Entity.Id"/>; <paramref name="set"/> leaves out records the public may not see.</summary>
    public NodeRegistry Entity<T>(string typeName, Func<DirectoryDbContext, IQueryable<T>> set)
        where T : Entity
    {
        _loaders[typeName] = (loaders, key) =>
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            return loaders.One<int, T>("node:" + typeName, (db, ids, ct) =>
                set(db).Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct)).Load(id).Then(e => (object?)e);
        };
        return this;
    }

    /// <summary>A type with an integer key that is not a <see cref="Entity"/> (import runs).</summary>
    public NodeRegistry Keyed<T>(string typeName, Func<DirectoryDbContext, IReadOnlyList<int>, IQueryable<T>> byIds, Func<T, int> idOf)
        where T : class
    {
        _loaders[typeName] = (loaders, key) =>
            int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? loaders.One<int, T>("node:" + typeName, async (db, ids, ct) =>
                    (await byIds(db, ids).ToListAsync(ct).ConfigureAwait(false)).ToDictionary(idOf)).Load(id).Then(e => (object?)e)
                : null;
        return this;
    }

    /// <summary>A type keyed by a code (ISTAT codes for geography).</summary>
    public NodeRegistry Coded<T>(string typeName, Func<DirectoryDbContext, IReadOnlyList<string>, IQueryable<T>> byCodes, Func<T, string> codeOf)
        where T : class
    {
        _loaders[typeName] = (loaders, key) =>
            loaders.One<string, T>("node:" + typeName, async (db, codes, ct) =>
                (await byCodes(db, codes).ToListAsync(ct).ConfigureAwait(false)).ToDictionary(codeOf, StringComparer.Ordinal))
            .Load(key).Then(e => (object?)e);
        return this;
    }

    /// <summary>The pending object for a global ID, or null when the ID is not one of ours.</summary>
    public IDataLoaderResult<object?>? Load(DataLoaderContext loaders, string id) =>
        GlobalId.TryDecode(id, out var typeName, out var key) && _loaders.TryGetValue(typeName, out var load)
            ? load(loaders, key)
            : null;
}
