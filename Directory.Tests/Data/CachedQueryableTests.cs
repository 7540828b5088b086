using System.Linq.Expressions;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Services;
using Directory.Tests.Geo;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Data;

/// <summary><see cref="CachedQueryable.WhereCached"/> builds what <see cref="Queryable.Where{TSource}(IQueryable{TSource}, Expression{Func{TSource, bool}})"/> builds.</summary>
public sealed class CachedQueryableTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    [Fact]
    public async Task WhereCached_gives_the_same_expression_SQL_and_rows_as_Where()
    {
        await using var db = await geo.CreateDbContextAsync();
        var statuses = new List<ServiceStatus> { ServiceStatus.Active };
        Expression<Func<Service, bool>> listed = s => s.WithdrawnAt == null && statuses.Contains(s.Status);

        var cached = db.Services.WhereCached(listed).WhereCached(s => s.IsFree);
        var plain = db.Services.Where(listed).Where(s => s.IsFree);

        Assert.Equal(plain.Expression.ToString(), cached.Expression.ToString());
        Assert.Equal(plain.ToQueryString(), cached.ToQueryString());
        var rows = await cached.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        Assert.NotEmpty(rows);
        Assert.Equal(await plain.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(), rows);
        Assert.Equal([2, 3], Enumerable.Range(1, 3).AsQueryable().WhereCached(x => x > 1).ToList());
    }
}
