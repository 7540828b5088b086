using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Paging;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Locations;
using Directory.Model.Services;
using GraphQL;
using GraphQL.Builders;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Geo;

/// <summary>Pages of lists that can be searched by place: narrowed to an area and, with <c>near</c>, ranked by distance.</summary>
public static class GeoConnections
{
    private static readonly HashSet<Type> Ranked = [typeof(Service), typeof(Location), typeof(Association), typeof(RepresentativeCouncil)];

    /// <summary>Whether lists of <paramref name="source"/> take <c>near</c>, so their edges carry <c>distanceKm</c>.</summary>
    public static bool CanRankByDistance(Type source) => Ranked.Contains(source);

    /// <summary>Adds the <c>near</c> and <c>within</c> arguments.</summary>
    /// <param name="field">The connection field.</param>
    /// <param name="what">The listed records, plural.</param>
    /// <param name="point">Which coordinates stand for a record.</param>
    public static FieldBuilder<TSource, TReturn> GeoSearchArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string what, string point) =>
        field
            .Argument<NearInputGraphType>("near", $"Only {what} within a radius of a point, nearest first (ties by id), each edge with its `distanceKm`; `orderBy` cannot be given with it. {point}")
            .Argument<WithinInputGraphType>("within", $"Only {what} inside a box or polygon, in the usual order (or by distance with `near`). {point}");

    /// <summary>
    /// The page: without geo criteria, <paramref name="order"/> as usual; with an area only, the filtered list narrowed to
    /// it in the usual order; with a centre, ranked by distance (ties by id), cursors being positions in that ranking.
    /// </summary>
    public static async Task<Connection<T>> ToGeoConnectionAsync<T>(
        this IQueryable<T> filtered,
        DirectoryDbContext db,
        IResolveFieldContext context,
        GeoCriteria? geo,
        Func<IQueryable<T>, IQueryable<T>> order,
        Func<IGeoSearch, IQueryable<T>, Task<IReadOnlyList<GeoMatch>>> search,
        PageRequest page)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(search);
        var ct = context.CancellationToken;
        if (geo is null)
        {
            return await order(filtered).ToConnectionAsync(page, ct).ConfigureAwait(false);
        }

        if (geo.HasCenter && context.HasArgument("orderBy"))
        {
            throw DirectoryError.BadInput("orderBy", "'orderBy' cannot be combined with 'near': results near a point are sorted by distance.");
        }

        // Ranked pages read forward need only the top of the ranking (one more tells whether a next page exists); a total
        // is then counted by the database, where it can be. Facets count the whole list, so they need every match.
        var forward = geo.HasCenter && page.Last is null && page.Before is null;
        var wholeList = context.Selects("facets") || (page.WantsTotalCount && !geo.CountableInDatabase);
        geo.Limit = forward && !wholeList ? (page.After is { } after ? after + 1 : 0) + page.First!.Value + 1 : null;
        geo.CountAll = geo.Limit is not null && page.WantsTotalCount;
        var matches = await search(context.RequestServices!.GetRequiredService<IGeoSearch>(), filtered).ConfigureAwait(false);

        if (!geo.HasCenter)
        {
            var ids = matches.Select(m => m.Id).ToList();
            return await order(filtered.Where(e => ids.Contains(e.Id))).ToConnectionAsync(page, ct).ConfigureAwait(false);
        }

        return await filtered.ToRankedConnectionAsync(db, matches, page, ct, complete: geo.Limit is null, total: geo.Count, properties: EntityProjection.OfConnectionNodes(context)).ConfigureAwait(false);
    }

    /// <summary>
    /// The page of a ranking computed beforehand (e.g. by distance) from <paramref name="filtered"/>: cursors are positions
    /// in <paramref name="matches"/>, nodes are read by id in one statement (natively where <paramref name="db"/> can, see
    /// <see cref="NativeReads"/>; else through <paramref name="filtered"/>), each edge with its match's distance.
    /// <paramref name="complete"/> false: the ranking stops after the page (and one more), so the total is
    /// <paramref name="total"/> when it was counted apart, else none. <paramref name="properties"/>: what the selected node
    /// fields read (see <see cref="EntityProjection.OfConnectionNodes"/>); natively read nodes then carry only those.
    /// </summary>
    public static async Task<Connection<T>> ToRankedConnectionAsync<T>(
        this IQueryable<T> filtered, DirectoryDbContext db, IReadOnlyList<GeoMatch> matches, PageRequest page, CancellationToken ct, bool complete = true, int? total = null,
        IReadOnlyCollection<string>? properties = null)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(matches);
        var (start, end) = Pager.Window(page, matches.Count);
        var slice = matches.Skip(start).Take(end - start).ToList();
        var sliceIds = slice.Select(m => m.Id).ToList();
        var byId = sliceIds.Count == 0 ? []
            : NativeReads.Enabled<T>(db) ? await NativeReads.ByIdsAsync<T>(db, sliceIds, e => e.Id, ct, properties).ConfigureAwait(false)
            : await filtered.Where(e => sliceIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct).ConfigureAwait(false);
        var edges = slice
            .Select((m, i) => (Match: m, Position: start + i))
            .Where(x => byId.ContainsKey(x.Match.Id))
            .Select(x => new Edge<T>(PageRequest.EncodeCursor(x.Position), byId[x.Match.Id], x.Match.DistanceKm))
            .ToList();
        return new Connection<T>
        {
            Edges = edges,
            TotalCount = complete ? matches.Count : total,
            PageInfo = new PageInfo(end < matches.Count, start > 0, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor),
        };
    }
}
