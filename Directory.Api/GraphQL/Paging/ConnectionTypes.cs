using GraphQL.Builders;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Paging;

/// <summary>
/// Relay connection of <typeparamref name="TNodeType"/>: <c>XConnection { edges nodes pageInfo totalCount }</c>.
/// A list with more to say about the whole list (e.g. services' facets) subclasses it.
/// </summary>
public class ConnectionGraphType<TNodeType, TSource> : ObjectGraphType<Connection<TSource>>
    where TNodeType : IGraphType
{
    public ConnectionGraphType()
    {
        var nodeName = NodeName();
        Name = nodeName + "Connection";
        Description = $"A page of {nodeName} objects, with cursors to move forwards and backwards.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeType, TSource>>>>>("edges")
            .Description("The items of this page with their cursors.")
            .Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items of this page, without cursors.")
            .Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo")
            .Description("Where this page sits in the whole list.")
            .Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items match the filter, across all pages.")
            .Resolve(c => c.Source.TotalCount ?? 0);
        if (Model.Search.TextSearchKinds.IsSearchable(typeof(TSource)))
        {
            Field<Search.TextSearchModeGraphType>("searchMode")
                .Description("How the list's `search` matched: `EXACT`, or `APPROXIMATE` when nothing matched exactly and misspellings were allowed; null without `search`.")
                .Resolve(c => c.Source.SearchMode);
        }
    }

    internal static string NodeName()
    {
        var name = typeof(TNodeType).Name;
        return name.EndsWith("GraphType", StringComparison.Ordinal) ? name[..^"GraphType".Length]
            : name.EndsWith("Type", StringComparison.Ordinal) ? name[..^"Type".Length]
            : name;
    }
}

/// <summary>An item of a page with its cursor.</summary>
public sealed class EdgeGraphType<TNodeType, TSource> : ObjectGraphType<Edge<TSource>>
    where TNodeType : IGraphType
{
    public EdgeGraphType()
    {
        var nodeName = ConnectionGraphType<TNodeType, TSource>.NodeName();
        Name = nodeName + "Edge";
        Description = $"A {nodeName} in a page, with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor")
            .Description("Opaque position of this item; pass it as `after` or `before` to page from here.")
            .Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description("The item.").Resolve(c => c.Source.Node);
        if (Geo.GeoConnections.CanRankByDistance(typeof(TSource)))
        {
            Field<FloatGraphType>("distanceKm")
                .Description("Great-circle distance in kilometres from the `near` point to the item's point (as the list's `near` argument says); null when the list was not asked with `near`.")
                .Resolve(c => c.Source.DistanceKm);
        }
    }
}

/// <summary>Relay page info.</summary>
public sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in its list.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("Whether items follow this page.").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Description("Whether items precede this page.").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Description("Cursor of the first item of the page, if any.").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Description("Cursor of the last item of the page, if any.").Resolve(c => c.Source.EndCursor);
    }
}

public static class ConnectionFieldExtensions
{
    /// <summary>Adds the Relay paging arguments to a connection field.</summary>
    public static FieldBuilder<TSource, TReturn> PagingArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field
            .Argument<IntGraphType>("first", $"Return the first n items (1 to {PageRequest.MaxPageSize}; {PageRequest.DefaultPageSize} when neither first nor last is given).")
            .Argument<StringGraphType>("after", "Return items after this cursor.")
            .Argument<IntGraphType>("last", $"Return the last n items (1 to {PageRequest.MaxPageSize}).")
            .Argument<StringGraphType>("before", "Return items before this cursor.");
}
