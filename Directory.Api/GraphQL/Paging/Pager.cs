using Microsoft.EntityFrameworkCore;

namespace Directory.Api.GraphQL.Paging;

/// <summary>Turns an ordered query into a page: at most two statements, a COUNT only when needed.</summary>
public static class Pager
{
    /// <summary>
    /// The positions [start, end) a page covers in a list of <paramref name="total"/> items whose order is already known
    /// (e.g. ranked by distance in memory); the same rules as <see cref="ToConnectionAsync{T}"/>.
    /// </summary>
    public static (int Start, int End) Window(PageRequest page, int total)
    {
        ArgumentNullException.ThrowIfNull(page);
        var start = Math.Min(page.After is { } after ? after + 1 : 0, total);
        var end = Math.Min(page.Before ?? total, total);
        if (page.First is { } first && end - start > first)
        {
            end = start + first;
        }

        if (page.Last is { } last && end - start > last)
        {
            start = end - last;
        }

        return (start, Math.Max(start, end));
    }

    public static async Task<Connection<T>> ToConnectionAsync<T>(
        this IQueryable<T> ordered, PageRequest page, CancellationToken cancellationToken)
    {
        int? total = page.WantsTotalCount || page.Last is not null
            ? await ordered.CountAsync(cancellationToken).ConfigureAwait(false)
            : null;

        var start = page.After is { } after ? after + 1 : 0;
        var end = page.Before is { } before ? before : total ?? int.MaxValue;
        if (total is { } t)
        {
            end = Math.Min(end, t);
        }

        if (page.First is { } first && end - start > first)
        {
            end = start + first;
        }

        if (page.Last is { } last && end - start > last)
        {
            start = end - last;
        }

        List<T> items;
        bool hasNext;
        if (end <= start)
        {
            items = [];
            hasNext = total is { } n ? start < n : false;
        }
        else if (end == int.MaxValue || total is null)
        {
            // Fetch one extra row to learn whether a next page exists without counting.
            var size = end - start;
            items = await ordered.Skip(start).Take(size + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
            hasNext = items.Count > size || page.Before is not null;
            if (items.Count > size)
            {
                items.RemoveAt(items.Count - 1);
            }
        }
        else
        {
            items = await ordered.Skip(start).Take(end - start).ToListAsync(cancellationToken).ConfigureAwait(false);
            hasNext = end < total;
        }

        var edges = items.Select((item, i) => new Edge<T>(PageRequest.EncodeCursor(start + i), item)).ToList();
        return new Connection<T>
        {
            Edges = edges,
            TotalCount = total,
            PageInfo = new PageInfo(hasNext, start > 0, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor),
        };
    }
}
