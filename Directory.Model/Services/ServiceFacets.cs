using System.Linq.Expressions;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Directory.Model.Services;

/// <summary>How many of a list's services fall in one value of a facet.</summary>
/// <typeparam name="TKey">The value: a category id, an ISTAT code, a language tag...</typeparam>
public sealed record FacetCount<TKey>(TKey Key, int Count);

/// <summary>
/// Counts of an already filtered list of services by category, place, language and more, for a filter sidebar. Each
/// method is one aggregate statement (<c>GROUP BY</c> with <c>COUNT(DISTINCT)</c>) over the given query, so a service
/// is counted once per value however many categories, places or languages lead to it, and no service is loaded.
/// Buckets are ordered by count (highest first), then by key; values with no service are left out.
/// </summary>
/// <remarks>
/// A count equals the total of the same list filtered further by that value (e.g. a category count is what
/// <see cref="ServiceFilter.CategorySubtrees"/> with that category would leave): facets and filters share their rules.
/// </remarks>
public static class ServiceFacets
{
    /// <summary>
    /// Services per category, a category counting the services filed under it or under any of its descendants
    /// (each service once). Keys are category ids.
    /// </summary>
    public static async Task<IReadOnlyList<FacetCount<int>>> CategoriesAsync(IQueryable<Service> services, CategoryTree tree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tree);
        var links = services.SelectMany(s => s.Categories);

        // A service filed under a category counts for it and for each of its ancestors: one (ancestor, service) row per
        // level, all levels in one UNION ALL, grouped by ancestor.
        IQueryable<CategoryHit>? hits = null;
        for (var level = 0; level < Math.Max(tree.Depth, 1); level++)
        {
            var atLevel = links.Select(AncestorAt(level)).Where(h => h.CategoryId != null);
            hits = hits is null ? atLevel : hits.Concat(atLevel);
        }

        var rows = await hits!
            .GroupBy(h => h.CategoryId)
            .Select(g => new { g.Key, Count = g.Select(h => h.ServiceId).Distinct().Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows
            .Select(r => new FacetCount<int>(r.Key!.Value, r.Count))
            .OrderByDescending(b => b.Count).ThenBy(b => tree.Find(b.Key)?.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Services per province where they have a location (as the province filter matches). Keys are ISTAT codes.</summary>
    public static Task<IReadOnlyList<FacetCount<string>>> ProvincesAsync(IQueryable<Service> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return CountAsync(
            services.SelectMany(s => s.ServiceAtLocations).Select(l => new KeyHit { Key = l.Location!.Comune!.ProvinceIstatCode, ServiceId = l.ServiceId }),
            cancellationToken);
    }

    /// <summary>Services per comune where they have a location (as the comune filter matches). Keys are ISTAT codes.</summary>
    public static Task<IReadOnlyList<FacetCount<string>>> ComuniAsync(IQueryable<Service> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return CountAsync(
            services.SelectMany(s => s.ServiceAtLocations).Select(l => new KeyHit { Key = l.Location!.ComuneIstatCode, ServiceId = l.ServiceId }),
            cancellationToken);
    }

    /// <summary>Services per language their staff speak. Keys are BCP 47 tags as stored.</summary>
    public static Task<IReadOnlyList<FacetCount<string>>> LanguagesAsync(DirectoryDbContext db, IQueryable<Service> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return CountAsync(ElementsOf(db, nameof(Service.Languages), services), cancellationToken);
    }

    /// <summary>Services per target group.</summary>
    public static async Task<IReadOnlyList<FacetCount<TargetGroup>>> TargetGroupsAsync(DirectoryDbContext db, IQueryable<Service> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var counts = await CountAsync(ElementsOf(db, nameof(Service.TargetGroups), services), cancellationToken).ConfigureAwait(false);
        return counts
            .Select(b => (Parsed: Enum.TryParse<TargetGroup>(b.Key, out var group), Group: group, b.Count))
            .Where(b => b.Parsed)
            .Select(b => new FacetCount<TargetGroup>(b.Group, b.Count))
            .ToList();
    }

    /// <summary>How many of the services are free, and how many have a current location a wheelchair user can get into.</summary>
    public static async Task<ServiceFeatureCounts> FeaturesAsync(IQueryable<Service> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var row = await services
            .GroupBy(s => 1)
            .Select(g => new ServiceFeatureCounts(
                g.Count(),
                g.Count(s => s.IsFree),
                g.Count(s => s.ServiceAtLocations.Any(l => l.Location!.WithdrawnAt == null && l.Location.WheelchairAccessible == true))))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row ?? new ServiceFeatureCounts(0, 0, 0);
    }

    /// <summary>Names of the given comuni, by ISTAT code (for labelling buckets).</summary>
    public static async Task<Dictionary<string, string>> ComuneNamesAsync(DirectoryDbContext db, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Comuni.AsNoTracking().Where(c => codes.Contains(c.IstatCode))
            .ToDictionaryAsync(c => c.IstatCode, c => c.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Names of the given provinces, by ISTAT code (for labelling buckets).</summary>
    public static async Task<Dictionary<string, string>> ProvinceNamesAsync(DirectoryDbContext db, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Provinces.AsNoTracking().Where(p => codes.Contains(p.IstatCode))
            .ToDictionaryAsync(p => p.IstatCode, p => p.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<FacetCount<string>>> CountAsync(IQueryable<KeyHit> hits, CancellationToken cancellationToken)
    {
        var rows = await hits
            .GroupBy(h => h.Key)
            .Select(g => new { g.Key, Count = g.Select(h => h.ServiceId).Distinct().Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows
            .Select(r => new FacetCount<string>(r.Key, r.Count))
            .OrderByDescending(b => b.Count).ThenBy(b => b.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// (service, element) rows of a list stored as a JSON array on the services table, for the services of
    /// <paramref name="services"/>. EF cannot unnest such a column per row on SQLite (it would need APPLY), so the
    /// unnesting is a small raw statement, uncorrelated, that EF composes with the filtered query into one statement.
    /// </summary>
    private static IQueryable<KeyHit> ElementsOf(DirectoryDbContext db, string property, IQueryable<Service> services)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(Service))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var id = entity.FindProperty(nameof(Service.Id))!.GetColumnName(table);
        var column = entity.FindProperty(property)!.GetColumnName(table);
#pragma warning disable EF1002 // Identifiers come from the model, not from input.
        var elements = db.Database.SqlQueryRaw<KeyHit>(
            $"SELECT s.\"{id}\" AS \"ServiceId\", j.value AS \"Key\" FROM \"{table.Name}\" AS s, json_each(s.\"{column}\") AS j");
#pragma warning restore EF1002
        var ids = services.Select(s => s.Id);
        return elements.Where(e => ids.Contains(e.ServiceId));
    }

    /// <summary><c>link => new CategoryHit { CategoryId = link.Category.Parent…ParentId, ServiceId = link.ServiceId }</c>, <paramref name="level"/> steps up.</summary>
    private static Expression<Func<ServiceCategory, CategoryHit>> AncestorAt(int level)
    {
        var link = Expression.Parameter(typeof(ServiceCategory), "link");
        Expression id;
        if (level == 0)
        {
            id = Expression.Convert(Expression.Property(link, nameof(ServiceCategory.CategoryId)), typeof(int?));
        }
        else
        {
            Expression category = Expression.Property(link, nameof(ServiceCategory.Category));
            for (var i = 1; i < level; i++)
            {
                category = Expression.Property(category, nameof(Category.Parent));
            }

            id = Expression.Property(category, nameof(Category.ParentId));
        }

        var body = Expression.MemberInit(
            Expression.New(typeof(CategoryHit)),
            Expression.Bind(typeof(CategoryHit).GetProperty(nameof(CategoryHit.CategoryId))!, id),
            Expression.Bind(typeof(CategoryHit).GetProperty(nameof(CategoryHit.ServiceId))!, Expression.Property(link, nameof(ServiceCategory.ServiceId))));
        return Expression.Lambda<Func<ServiceCategory, CategoryHit>>(body, link);
    }

    private sealed class CategoryHit
    {
        public int? CategoryId { get; init; }

        public int ServiceId { get; init; }
    }

    private sealed class KeyHit
    {
        public string Key { get; set; } = "";

        public int ServiceId { get; set; }
    }
}

/// <summary>Counts of yes/no features of a list of services.</summary>
/// <param name="Total">All services of the list.</param>
/// <param name="Free">Services that cost nothing.</param>
/// <param name="WheelchairAccessible">Services with at least one current location a wheelchair user can get into.</param>
public sealed record ServiceFeatureCounts(int Total, int Free, int WheelchairAccessible);
