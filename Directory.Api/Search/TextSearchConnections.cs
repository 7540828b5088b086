using Directory.Api.GraphQL;
using Directory.Api.Geo;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Paging;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Search;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Search;

/// <summary>
/// A filtered list after its <c>search</c> argument: <see cref="Query"/> holds only the matching records (use it for
/// anything computed over "the current list", e.g. counts per facet); <see cref="Hits"/> is null when the list was not
/// searched. <see cref="Db"/> is the context the queries run on.
/// </summary>
public sealed record Searched<T>(IQueryable<T> Query, IQueryable<T> Filtered, TextSearchHits? Hits, DirectoryDbContext Db)
    where T : Entity;

/// <summary>Full-text search on lists: the <c>search</c> and <c>rankBy</c> arguments, and pages in relevance order.</summary>
public static class TextSearchConnections
{
    /// <summary>
    /// Most text matches read into memory for a search by area (a common word at a million services matches about
    /// 110,000: read in ≈ 30–40 ms, about 2 MB while the request runs, against ≈ 30 ms for every statement that joins the
    /// full-text query in SQL, which the area search would run several times); beyond, the full-text query is joined.
    /// </summary>
    private const int MaxMaterializedMatches = 200_000;

    /// <summary>Adds the <c>search</c> argument.</summary>
    /// <param name="field">The connection field.</param>
    /// <param name="what">The listed records, plural.</param>
    /// <param name="texts">Which texts of a record are searched.</param>
    /// <param name="takesNear">Whether the field also takes <c>near</c> (and so <c>rankBy</c>).</param>
    public static FieldBuilder<TSource, TReturn> SearchArgument<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string what, string texts, bool takesNear = false) =>
        field.Argument<StringGraphType>("search",
            $"Words to look for (at most {SearchTerms.MaxLength} characters, {SearchTerms.MaxTerms} words): only {what} where every word starts a word of {texts} "
            + "or of their translations, ignoring case and accents (\"cors ital\" finds \"Corsi di italiano\", \"citta\" finds \"città\"). "
            + "When nothing matches, misspelt words are allowed (see `searchMode`). Punctuation only separates words. "
            + "Results come most relevant first (names count more than descriptions; ties by id) unless `orderBy` is given, which then wins"
            + (takesNear ? ", or `near` is given (nearest first; see `rankBy`)." : "."));

    /// <summary>Adds the <c>rankBy</c> argument, for lists that take both <c>search</c> and <c>near</c>.</summary>
    public static FieldBuilder<TSource, TReturn> RankByArgument<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.Argument<SearchRankingGraphType>("rankBy",
            "Order of a list searched with `search`: `DISTANCE` (needs `near`; the default with it) or `RELEVANCE` (the default without `near`); cannot be given with `orderBy`.");

    /// <summary>
    /// Narrows <paramref name="filtered"/> to the records matching the field's <c>search</c> argument (exactly, or
    /// approximately when nothing matches exactly); unchanged when there is none. Bad search text is a BAD_USER_INPUT.
    /// </summary>
    public static async Task<Searched<T>> SearchAsync<T>(this IQueryable<T> filtered, IResolveFieldContext context, DirectoryDbContext db)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.GetArgument<string?>("search");
        if (text is null)
        {
            return new Searched<T>(filtered, filtered, null, db);
        }

        if (!SearchTerms.TryParse(text, out var terms, out var error))
        {
            throw DirectoryError.BadInput("search", error);
        }

        var search = context.RequestServices!.GetRequiredService<ITextSearch>();
        var hits = await search.SearchAsync(db, filtered, terms, context.CancellationToken).ConfigureAwait(false);
        var ids = hits.Ids;
        return new Searched<T>(filtered.Where(e => ids.Contains(e.Id)), filtered, hits, db);
    }

    /// <summary>
    /// The page of a possibly searched list. Without <c>search</c>: as <see cref="GeoConnections.ToGeoConnectionAsync{T}"/>
    /// (or <paramref name="order"/> for lists without geo search). With it: by relevance, unless <c>orderBy</c> is given
    /// (it wins) or <c>near</c> is (by distance, unless <c>rankBy: RELEVANCE</c>); cursors are positions in that order.
    /// </summary>
    public static async Task<Connection<T>> ToSearchConnectionAsync<T>(
        this Searched<T> searched,
        IResolveFieldContext context,
        GeoCriteria? geo,
        Func<IQueryable<T>, IQueryable<T>> order,
        Func<IGeoSearch, IQueryable<T>, Task<IReadOnlyList<GeoMatch>>>? geoSearch,
        PageRequest page)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(searched);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        var ct = context.CancellationToken;
        var rankBy = context.GetArgument<SearchRanking?>("rankBy");
        var hasOrder = context.GetArgument<object?>("orderBy") is not null;
        var near = geo?.HasCenter == true;
        if (rankBy is not null)
        {
            if (searched.Hits is null)
            {
                throw DirectoryError.BadInput("rankBy", "'rankBy' orders the results of 'search': give 'search' too, or use 'orderBy'.");
            }

            if (hasOrder)
            {
                throw DirectoryError.BadInput("rankBy", "Give 'orderBy' or 'rankBy', not both.");
            }

            if (rankBy == SearchRanking.Distance && !near)
            {
                throw DirectoryError.BadInput("rankBy", "'rankBy: DISTANCE' needs 'near' to measure distances from.");
            }
        }

        if (searched.Hits is not { } hits)
        {
            return geo is null || geoSearch is null
                ? await order(searched.Query).ToConnectionAsync(page, ct).ConfigureAwait(false)
                : await searched.Query.ToGeoConnectionAsync(searched.Db, context, geo, order, geoSearch, page).ConfigureAwait(false);
        }

        Connection<T> connection;
        if (near && rankBy == SearchRanking.Relevance)
        {
            var members = await KeptInMemoryAsync(searched, hits, geo!, ct).ConfigureAwait(false);
            var byDistance = await geoSearch!(context.RequestServices!.GetRequiredService<IGeoSearch>(), members).ConfigureAwait(false);
            var ids = byDistance.Select(m => m.Id).ToList();
            var ranks = await hits.RanksAsync(ids, ct).ConfigureAwait(false);
            var byRelevance = byDistance.OrderBy(m => ranks.GetValueOrDefault(m.Id, double.MaxValue)).ThenBy(m => m.Id).ToList();
            connection = await searched.Query.ToRankedConnectionAsync(searched.Db, byRelevance, page, ct, properties: EntityProjection.OfConnectionNodes(context)).ConfigureAwait(false);
        }
        else if (geo is null || geoSearch is null)
        {
            var ordered = hasOrder ? order(searched.Query) : ByRelevance(searched.Filtered, hits);
            connection = await ordered.ToConnectionAsync(page, ct).ConfigureAwait(false);
        }
        else
        {
            // The text only decides membership here.
            var members = geo.HasCenter && !hasOrder ? await KeptInMemoryAsync(searched, hits, geo, ct).ConfigureAwait(false) : searched.Query;
            connection = await members.ToGeoConnectionAsync(searched.Db, context, geo, hasOrder ? order : q => ByRelevance(q, hits), geoSearch, page).ConfigureAwait(false);
        }

        connection.SearchMode = hits.Mode;
        return connection;
    }

    /// <summary>
    /// The list whose area to search: the matching ids read once (when they are not too many) and kept in memory among the
    /// points near the centre (<see cref="GeoCriteria.Keep"/>), over the list as filtered before the search, instead of
    /// joining the full-text query (or a long list) in SQL, where the database would visit every match before looking
    /// at the area (at a million services, "italiano" near Firenze: 110,000 matches looked up one by one, ≈ 550 ms).
    /// </summary>
    private static async Task<IQueryable<T>> KeptInMemoryAsync<T>(Searched<T> searched, TextSearchHits hits, GeoCriteria geo, CancellationToken ct)
        where T : Entity
    {
        var matchIds = await hits.IdsAsync(MaxMaterializedMatches + 1, ct).ConfigureAwait(false);
        if (matchIds.Count > MaxMaterializedMatches)
        {
            return searched.Query;
        }

        geo.Keep = matchIds.ToHashSet().Contains;
        return searched.Filtered;
    }

    /// <summary>The records of <paramref name="query"/> that the search found, most relevant first, ties by id.</summary>
    private static IQueryable<T> ByRelevance<T>(IQueryable<T> query, TextSearchHits hits)
        where T : Entity =>
        query.Join(hits.Matches, e => e.Id, m => m.Id, (e, m) => new { Entity = e, m.Rank })
            .OrderBy(x => x.Rank).ThenBy(x => x.Entity.Id)
            .Select(x => x.Entity);
}
