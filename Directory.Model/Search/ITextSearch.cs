using System.ComponentModel;
using Directory.Model.Common;
using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Search;

/// <summary>
/// Full-text search over already filtered lists of services, organizations, procedures, associations and councils.
/// A record is found when every term of the query starts a word of its names, alternate names, descriptions, related
/// names (a service's organization and categories, a procedure's step titles) or their translations, ignoring case and
/// accents; when nothing is found that way, terms may be misspelt (see <see cref="TextSearchMode.Approximate"/>).
/// </summary>
/// <remarks>
/// <para>
/// The one seam between the API and the database's text-search features: SQLite FTS5 today, PostgreSQL tsvector and
/// pg_trgm later. Implementations own whatever provider-specific SQL they need; callers never write any.
/// </para>
/// <para>
/// Keeping the index in sync: every write to what a document holds (by any writer: EF Core, raw SQL, a SQL shell)
/// queues the document in the same transaction, and <see cref="RefreshAsync"/> rebuilds the queued documents. It
/// runs (1) after every EF Core <c>SaveChanges</c> of a context built by <c>AddDirectoryData</c>, inside the caller's
/// transaction or in one opened for the save, so data and index commit together; (2) where a raw-SQL writer calls it,
/// before each commit (the benchmark generator, once per batch); (3) before every search, when anything is queued,
/// which catches writes that bypass both (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c>, a SQL shell). So a search
/// never answers from an index older than the data it filters.
/// </para>
/// </remarks>
public interface ITextSearch
{
    /// <summary>
    /// The records of <paramref name="filtered"/> that match <paramref name="terms"/>, with their rank, as a query that
    /// the caller composes (narrowing, ordering, paging) without loading the matches.
    /// </summary>
    /// <typeparam name="T">A searchable record type (see <see cref="TextSearchKinds"/>).</typeparam>
    Task<TextSearchHits> SearchAsync<T>(DirectoryDbContext db, IQueryable<T> filtered, SearchTerms terms, CancellationToken cancellationToken)
        where T : Entity;

    /// <summary>
    /// Rebuilds the documents that writes have queued and empties the queue, in <paramref name="db"/>'s current
    /// transaction when it has one (it then commits or rolls back with the writes), else in a transaction of its own.
    /// Costs one cheap query when nothing is queued.
    /// </summary>
    /// <returns>How many documents were rebuilt (deleted records' documents included).</returns>
    Task<int> RefreshAsync(DirectoryDbContext db, CancellationToken cancellationToken);
}

/// <summary>How a search was answered.</summary>
public enum TextSearchMode
{
    /// <summary>Every term starts a word of the record (accents and case aside).</summary>
    [Description("Every word searched for starts a word of the record's texts (accents and case aside).")]
    Exact,

    /// <summary>
    /// Nothing matched exactly, so misspelt terms were allowed: each term of 4 to 7 letters may be one edit (a letter
    /// added, dropped, changed, or two swapped) away from the start of a word of the record's names or related names,
    /// a term of 8 or more letters two edits; shorter terms must still start a word.
    /// </summary>
    [Description("Nothing matched exactly, so misspelt words were allowed: a word of 4 to 7 letters may be one edit (a letter added, dropped, changed, or two swapped) from the start of a word of the record's names or related names (a service's organization and categories, a guide's steps), a longer one two edits; shorter words must match exactly. At most the 500 closest candidates are considered.")]
    Approximate,
}

/// <summary>The answer of a search: how it matched, and the matching ids with their rank.</summary>
/// <param name="Mode">Whether the terms matched exactly or approximately.</param>
/// <param name="Matches">Ids of matching records with their rank; lower ranks are better. One row per record.</param>
/// <param name="Ids">
/// The same ids without their rank, for where only membership matters (narrowing a list, counting, facets): ranking
/// costs a full-text index far more than matching (at a million services, "italiano" matches 110,000 of them in about
/// 30 ms, and ranks them in about 280).
/// </param>
public sealed record TextSearchHits(TextSearchMode Mode, IQueryable<TextMatch> Matches, IQueryable<int> Ids)
{
    /// <summary>
    /// Reads up to <c>limit</c> of <see cref="Ids"/> into memory (in no particular order). Set by implementations that
    /// can read them faster than by composing <see cref="Ids"/>.
    /// </summary>
    public Func<int, CancellationToken, Task<List<int>>>? ReadIds { get; init; }

    /// <summary>Up to <paramref name="limit"/> of the matching ids, in no particular order.</summary>
    public Task<List<int>> IdsAsync(int limit, CancellationToken cancellationToken) =>
        ReadIds?.Invoke(limit, cancellationToken) ?? Ids.Take(limit).ToListAsync(cancellationToken);

    /// <summary>
    /// Reads the ranks of the matches among the given ids. Set by implementations that can rank a few matches without
    /// ranking all of them (composing <see cref="Matches"/> ranks every match first).
    /// </summary>
    public Func<List<int>, CancellationToken, Task<Dictionary<int, double>>>? ReadRanks { get; init; }

    /// <summary>The rank of each of <paramref name="ids"/> that matches; ids that do not match are left out.</summary>
    public Task<Dictionary<int, double>> RanksAsync(List<int> ids, CancellationToken cancellationToken) =>
        ReadRanks?.Invoke(ids, cancellationToken) ?? Matches.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Rank, cancellationToken);
}

/// <summary>A record found by a search, with its rank (lower is more relevant).</summary>
public sealed class TextMatch
{
    public int Id { get; init; }

    public double Rank { get; init; }
}

/// <summary>The record types that can be searched.</summary>
public static class TextSearchKinds
{
    private static readonly Dictionary<Type, int> Numbers = new()
    {
        [typeof(Services.Service)] = 1,
        [typeof(Organizations.Organization)] = 2,
        [typeof(Procedures.Procedure)] = 3,
        [typeof(Associations.Association)] = 4,
        [typeof(Councils.RepresentativeCouncil)] = 5,
    };

    /// <summary>Every searchable type with its kind number.</summary>
    public static IReadOnlyDictionary<Type, int> All { get; } = Numbers.AsReadOnly();

    /// <summary>Whether records of <paramref name="type"/> can be searched.</summary>
    public static bool IsSearchable(Type type) => Numbers.ContainsKey(type);

    /// <summary>The kind number of a searchable type (the index stores it in the document key).</summary>
    public static int Number(Type type) =>
        Numbers.TryGetValue(type, out var number) ? number : throw new ArgumentException($"{type.Name} records cannot be searched.", nameof(type));
}
