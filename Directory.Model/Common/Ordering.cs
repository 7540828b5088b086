using System.Linq.Expressions;
using Directory.Model.Services;

namespace Directory.Model.Common;

/// <summary>The one way lists are ordered: by name or last change, ties broken by id so paging is stable.</summary>
public static class Ordering
{
    public static IQueryable<T> OrderBy<T>(this IQueryable<T> query, RecordOrderField field, SortDirection direction, Expression<Func<T, string>> name)
        where T : Entity
    {
        var descending = direction == SortDirection.Desc;
        return field switch
        {
            RecordOrderField.UpdatedAt => descending
                ? query.OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id)
                : query.OrderBy(e => e.UpdatedAt).ThenBy(e => e.Id),
            _ => descending
                ? query.OrderByDescending(name).ThenByDescending(e => e.Id)
                : query.OrderBy(name).ThenBy(e => e.Id),
        };
    }
}
