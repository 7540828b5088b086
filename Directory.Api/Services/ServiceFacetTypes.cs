using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Api.Taxonomy;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Services;

/// <summary>A page of services that can also count the whole filtered list by category, place, language and more.</summary>
public sealed class ServiceConnection : Connection<Service>
{
    /// <summary>Wraps a page with the list it was cut from.</summary>
    [SetsRequiredMembers]
    public ServiceConnection(Connection<Service> page, ServiceFacetSource facets)
    {
        ArgumentNullException.ThrowIfNull(page);
        Edges = page.Edges;
        PageInfo = page.PageInfo;
        TotalCount = page.TotalCount;
        SearchMode = page.SearchMode;
        Facets = facets;
    }

    /// <summary>The filtered list, for facets; nothing is counted until a facet is asked for.</summary>
    public ServiceFacetSource Facets { get; }
}

/// <summary>
/// The list a <c>services</c> field answered, rebuildable on a fresh context: the resolver's context is gone by the
/// time facets resolve, and each facet runs on its own context (fields may resolve concurrently).
/// </summary>
/// <param name="narrow">Everything that narrows the list (filter, search...), applied to the given context's services.</param>
/// <param name="areaIds">With <c>near</c> or <c>within</c>: the ids of the services the geo search found; null without.</param>
public sealed class ServiceFacetSource(Func<DirectoryDbContext, IQueryable<Service>> narrow, IReadOnlyList<int>? areaIds)
{
    private readonly Lock _lock = new();
    private Task<ServiceFeatureCounts>? _features;

    /// <summary>The filtered list on <paramref name="db"/>.</summary>
    public IQueryable<Service> Query(DirectoryDbContext db)
    {
        var services = narrow(db).AsNoTracking();
        if (areaIds is { } ids)
        {
            // One JSON parameter however many services an area holds (separate parameters would hit SQLite's limit).
            services = services.Where(s => EF.Parameter(ids).Contains(s.Id));
        }

        return services;
    }

    /// <summary>The yes/no counts, computed once for all the fields that show them.</summary>
    public Task<ServiceFeatureCounts> FeaturesAsync(IResolveFieldContext context)
    {
        lock (_lock)
        {
            return _features ??= context.Loaders().QueryAsync(db => ServiceFacets.FeaturesAsync(Query(db), context.CancellationToken), context.CancellationToken);
        }
    }
}

/// <summary>The <c>ServiceConnection</c> type: a page of services, its total and its facets.</summary>
public sealed class ServiceConnectionGraphType : ConnectionGraphType<ServiceGraphType, Service>
{
    public ServiceConnectionGraphType()
    {
        Field<NonNullGraphType<ServiceFacetsGraphType>, ServiceFacetSource>("facets")
            .Description(
                "Counts of the services matching the whole query (filter, area, search), not just this page, by category, place, language "
                + "and more: what a filter sidebar shows. Each facet is counted by the database only when selected.")
            .Resolve(c => ((ServiceConnection)c.Source).Facets);
    }
}

/// <summary>A category with how many of the listed services are filed under it or under its descendants.</summary>
public sealed record CategoryFacet(Category Category, string? ParentCode, int Count);

/// <summary>A province or comune with how many of the listed services have a location there.</summary>
public sealed record PlaceFacet(string IstatCode, string Name, int Count);

public sealed class ServiceFacetsGraphType : ObjectGraphType<ServiceFacetSource>
{
    /// <summary>Largest <c>first</c> a facet takes; no facet has more buckets than Italy has comuni.</summary>
    public const int MaxBuckets = 10_000;

    public ServiceFacetsGraphType()
    {
        Name = "ServiceFacets";
        Description =
            "How the services matching a query spread over the values of each filter, to draw a filter sidebar. Every count is a number of "
            + "distinct services and equals the `totalCount` the same query would have with that value added to its filter (for categories, "
            + "with `categoryMatch: ALL` when the filter already names categories). Buckets are sorted by count, highest first, then by code; "
            + "values with no service are left out.";

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryFacetGraphType>>>, IEnumerable<CategoryFacet>>("categories")
            .Description(
                "Services per category. A category counts the services filed under it or under any of its descendants, each service once, "
                + "so a parent's count can be lower than the sum of its children's. Categories of every level, unless `parent` is given.")
            .Argument<StringGraphType>("parent", "Code of a category: count only its direct children.")
            .Argument<IntGraphType>("first", "At most this many buckets (the largest counts).")
            .ResolveAsync(async c =>
            {
                var first = First(c);
                var parentCode = c.GetArgument<string?>("parent");
                return await c.Loaders().QueryAsync(async db =>
                {
                    var tree = await CategoryTree.LoadAsync(db, c.CancellationToken);
                    int? parent = null;
                    if (parentCode is not null)
                    {
                        parent = (tree.Find(parentCode) ?? throw DirectoryError.BadInput("parent", $"No category has code \"{parentCode}\".")).Id;
                    }

                    var counts = await ServiceFacets.CategoriesAsync(c.Source.Query(db), tree, c.CancellationToken);
                    return counts
                        .Select(b => (Category: tree.Find(b.Key)!, b.Count))
                        .Select(b => new CategoryFacet(b.Category, b.Category.ParentId is { } p ? tree.Find(p)?.Code : null, b.Count))
                        .Where(b => parent is null || b.Category.ParentId == parent)
                        .Take(first)
                        .ToList();
                }, c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceFacetGraphType>>>, IEnumerable<PlaceFacet>>("provinces")
            .Description("Services per province where they have a location (as `filter.province` matches).")
            .Argument<IntGraphType>("first", "At most this many buckets (the largest counts).")
            .ResolveAsync(async c =>
            {
                var first = First(c);
                return await c.Loaders().QueryAsync(async db =>
                {
                    var counts = (await ServiceFacets.ProvincesAsync(c.Source.Query(db), c.CancellationToken)).Take(first).ToList();
                    var names = await ServiceFacets.ProvinceNamesAsync(db, counts.Select(b => b.Key).ToList(), c.CancellationToken);
                    return Places(counts, names);
                }, c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceFacetGraphType>>>, IEnumerable<PlaceFacet>>("comuni")
            .Description("Services per comune where they have a location (as `filter.comune` matches). The list can be long: use `first`.")
            .Argument<IntGraphType>("first", "At most this many buckets (the largest counts).")
            .ResolveAsync(async c =>
            {
                var first = First(c);
                return await c.Loaders().QueryAsync(async db =>
                {
                    var counts = (await ServiceFacets.ComuniAsync(c.Source.Query(db), c.CancellationToken)).Take(first).ToList();
                    var names = await ServiceFacets.ComuneNamesAsync(db, counts.Select(b => b.Key).ToList(), c.CancellationToken);
                    return Places(counts, names);
                }, c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LanguageFacetGraphType>>>, IEnumerable<FacetCount<string>>>("languages")
            .Description("Services per language their staff speak (as `filter.languages` matches).")
            .Argument<IntGraphType>("first", "At most this many buckets (the largest counts).")
            .ResolveAsync(async c =>
            {
                var first = First(c);
                return await c.Loaders().QueryAsync(
                    async db => (await ServiceFacets.LanguagesAsync(db, c.Source.Query(db), c.CancellationToken)).Take(first).ToList(), c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetGroupFacetGraphType>>>, IEnumerable<FacetCount<TargetGroup>>>("targetGroups")
            .Description("Services per target group (as `filter.targetGroups` matches).")
            .ResolveAsync(async c => await c.Loaders().QueryAsync(
                async db => (await ServiceFacets.TargetGroupsAsync(db, c.Source.Query(db), c.CancellationToken)).ToList(), c.CancellationToken));

        Field<NonNullGraphType<IntGraphType>, int>("free")
            .Description("How many of the services are free (what `filter.isFree: true` would leave).")
            .ResolveAsync(async c => (await c.Source.FeaturesAsync(c)).Free);

        Field<NonNullGraphType<IntGraphType>, int>("paid")
            .Description("How many of the services are not free (what `filter.isFree: false` would leave).")
            .ResolveAsync(async c =>
            {
                var counts = await c.Source.FeaturesAsync(c);
                return counts.Total - counts.Free;
            });

        Field<NonNullGraphType<IntGraphType>, int>("wheelchairAccessible")
            .Description("How many of the services have a current location a wheelchair user can get into (what `filter.wheelchairAccessible: true` would leave).")
            .ResolveAsync(async c => (await c.Source.FeaturesAsync(c)).WheelchairAccessible);
    }

    private static int First(IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        if (first is < 1 or > MaxBuckets)
        {
            throw DirectoryError.BadInput("first", $"'first' must be between 1 and {MaxBuckets}; got {first}.");
        }

        return first ?? MaxBuckets;
    }

    private static List<PlaceFacet> Places(IEnumerable<FacetCount<string>> counts, Dictionary<string, string> names) =>
        counts.Select(b => new PlaceFacet(b.Key, names.GetValueOrDefault(b.Key, b.Key), b.Count)).ToList();
}

public sealed class CategoryFacetGraphType : ObjectGraphType<CategoryFacet>
{
    private static readonly Translatable<CategoryFacet> Translatable = new(
        CategoryGraphType.Translatable.EntityType, b => b.Category.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public CategoryFacetGraphType()
    {
        Name = "CategoryFacet";
        Description = "A category with how many of the listed services are filed under it or under its descendants.";
        Field<NonNullGraphType<StringGraphType>, string>("code").Description("The category's code; pass it in `filter.categories`.").Resolve(c => c.Source.Category.Code);
        this.LocalizedField(Translatable, "name", b => b.Category.Name, "Name of the category.", nonNull: true);
        Field<StringGraphType, string?>("parentCode")
            .Description("Code of the broader category, or null at the top of the tree (to draw the sidebar as a tree).")
            .Resolve(c => c.Source.ParentCode);
        Field<NonNullGraphType<IntGraphType>, int>("count").Description("How many services.").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<CategoryGraphType>, Category>("category").Description("The category itself.").Resolve(c => c.Source.Category);
    }
}

public sealed class PlaceFacetGraphType : ObjectGraphType<PlaceFacet>
{
    public PlaceFacetGraphType()
    {
        Name = "PlaceFacet";
        Description = "A province or comune with how many of the listed services have a location there.";
        Field(p => p.IstatCode).Description("ISTAT code (three digits for a province, six for a comune); pass it in `filter.province` or `filter.comune`.");
        Field(p => p.Name).Description("Official name.");
        Field(p => p.Count).Description("How many services.");
    }
}

public sealed class LanguageFacetGraphType : ObjectGraphType<FacetCount<string>>
{
    public LanguageFacetGraphType()
    {
        Name = "LanguageFacet";
        Description = "A language with how many of the listed services have staff who speak it.";
        Field<NonNullGraphType<StringGraphType>, string>("tag").Description("BCP 47 tag; pass it in `filter.languages`.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>, int>("count").Description("How many services.").Resolve(c => c.Source.Count);
    }
}

public sealed class TargetGroupFacetGraphType : ObjectGraphType<FacetCount<TargetGroup>>
{
    public TargetGroupFacetGraphType()
    {
        Name = "TargetGroupFacet";
        Description = "A target group with how many of the listed services are meant for it.";
        Field<NonNullGraphType<TargetGroupGraphType>, TargetGroup>("targetGroup").Description("The group; pass it in `filter.targetGroups`.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>, int>("count").Description("How many services.").Resolve(c => c.Source.Count);
    }
}

public sealed class CategoryMatchGraphType : EnumerationGraphType<CategoryMatch>
{
    public CategoryMatchGraphType()
    {
        Name = "CategoryMatch";
        Description = "How several categories in a filter combine.";
    }
}
