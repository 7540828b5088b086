using System.Linq.Expressions;
using System.Reflection;

namespace Directory.Model.Data;

/// <summary>LINQ operators for paths that build a query on every request.</summary>
public static class CachedQueryable
{
    /// <summary>
    /// <see cref="Queryable.Where{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/>, building the same
    /// expression, with its method looked up once per element type: <c>Queryable.Where</c> finds its own method through a
    /// new delegate on every call (about 1 % of a near-me request, two calls).
    /// </summary>
    public static IQueryable<T> WhereCached<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(predicate);
        return source.Provider.CreateQuery<T>(Expression.Call(null, Methods<T>.Where, source.Expression, Expression.Quote(predicate)));
    }

    private static class Methods<T>
    {
        public static readonly MethodInfo Where = new Func<IQueryable<T>, Expression<Func<T, bool>>, IQueryable<T>>(Queryable.Where).Method;
    }
}
