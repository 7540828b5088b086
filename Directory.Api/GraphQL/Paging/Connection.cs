namespace Directory.Api.GraphQL.Paging;

/// <summary>A page of a list, Relay style. A list with more to say about the whole list (e.g. services' facets) subclasses it.</summary>
public class Connection<T>
{
    public required IReadOnlyList<Edge<T>> Edges { get; init; }

    public required PageInfo PageInfo { get; init; }

    /// <summary>All items matching the filter, across pages; null when it was not asked for.</summary>
    public int? TotalCount { get; init; }

    /// <summary>How the list's <c>search</c> matched; null when it was not searched. Set once the page is built.</summary>
    public Model.Search.TextSearchMode? SearchMode { get; set; }

    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);
}

/// <summary>An item of a page with its cursor and, in a list ranked by distance, how far it is from the search centre.</summary>
public sealed record Edge<T>(string Cursor, T Node, double? DistanceKm = null);

/// <summary>Where a page sits in its list.</summary>
public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
