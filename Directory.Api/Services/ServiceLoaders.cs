using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Loaders;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Services;

/// <summary>A value with the key of the parent it was loaded for.</summary>
public sealed record Keyed<T>(int Key, T Value);

/// <summary>Batched loads around services: one statement per field and level, whatever the page size.</summary>
public static class ServiceLoaders
{
    /// <summary>The links of services to their categories (service id, category id), natively.</summary>
    private const string CategoryLinksSql = """
        SELECT "ServiceId", "CategoryId" FROM "ServiceCategories" WHERE "ServiceId" IN (SELECT "value" FROM json_each(?1))
        """;

    public static IDataLoaderResult<Organization?> LoadOrganization(this IResolveFieldContext context, int id) =>
        context.Loaders().ById<Organization>("organization").Load(id);

    public static IDataLoaderResult<Service?> LoadService(this IResolveFieldContext context, int id) =>
        context.Loaders().ById<Service>("service").Load(id);

    public static IDataLoaderResult<IReadOnlyList<Service>> LoadServicesOfOrganization(this IResolveFieldContext context, int organizationId) =>
        context.Loaders().Many<int, Service>("servicesOfOrganization", (db, ids, ct) =>
            db.Services.Where(s => ids.Contains(s.OrganizationId)).OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct),
            s => s.OrganizationId).Load(organizationId);

    /// <summary>A service's categories by code: the links from the database, the categories from <see cref="ReferenceCache"/> (else joined).</summary>
    public static IDataLoaderResult<IReadOnlyList<Keyed<Category>>> LoadCategoriesOfService(this IResolveFieldContext context, int serviceId)
    {
        var cache = context.RequestServices!.GetRequiredService<ReferenceCache>();
        return context.Loaders().Many<int, Keyed<Category>>("categoriesOfService", async (db, ids, ct) =>
        {
            var links = NativeReads.Enabled(db)
                ? await NativeReads.RowsAsync(db, CategoryLinksSql, ids, s => (ServiceId: (int)s.Whole(0), CategoryId: (int)s.Whole(1)), ct).ConfigureAwait(false)
                : [.. (await db.ServiceCategories.Where(sc => ids.Contains(sc.ServiceId))
                    .Select(sc => new { sc.ServiceId, sc.CategoryId })
                    .ToListAsync(ct).ConfigureAwait(false)).Select(l => (l.ServiceId, l.CategoryId))];
            if (cache.TryGetCategories(links.Select(l => l.CategoryId), out var categories))
            {
                return [.. links.Select(l => new Keyed<Category>(l.ServiceId, categories[l.CategoryId])).OrderBy(k => k.Value.Code, StringComparer.Ordinal)];
            }

            return await db.ServiceCategories.Where(sc => ids.Contains(sc.ServiceId))
                .OrderBy(sc => sc.Category!.Code)
                .Select(sc => new Keyed<Category>(sc.ServiceId, sc.Category!))
                .ToListAsync(ct).ConfigureAwait(false);
        }, k => k.Key).Load(serviceId);
    }

    public static IDataLoaderResult<IReadOnlyList<ServiceArea>> LoadAreasOfService(this IResolveFieldContext context, int serviceId) =>
        context.Loaders().Many<int, ServiceArea>("areasOfService", (db, ids, ct) =>
            db.ServiceAreas.Where(a => ids.Contains(a.ServiceId)).OrderBy(a => a.AreaCode).ToListAsync(ct),
            a => a.ServiceId).Load(serviceId);

    public static IDataLoaderResult<IReadOnlyList<RequiredDocument>> LoadRequiredDocuments(this IResolveFieldContext context, int serviceId) =>
        context.Loaders().Many<int, RequiredDocument>("requiredDocuments", (db, ids, ct) =>
            db.RequiredDocuments.Where(d => ids.Contains(d.ServiceId)).OrderBy(d => d.Position).ThenBy(d => d.Id).ToListAsync(ct),
            d => d.ServiceId).Load(serviceId);

    public static IDataLoaderResult<IReadOnlyList<ServiceAtLocation>> LoadServiceAtLocationsOfService(this IResolveFieldContext context, int serviceId) =>
        context.Loaders().ByForeignKey<ServiceAtLocation>("salOfService", s => s.ServiceId).Load(serviceId);

    /// <summary>The places of a service, in link order; with <paramref name="properties"/>, places carrying only those (see <see cref="EntityProjection"/>).</summary>
    public static IDataLoaderResult<IReadOnlyList<Keyed<Location>>> LoadLocationsOfService(this IResolveFieldContext context, int serviceId, IReadOnlyCollection<string>? properties = null) =>
        context.Loaders().Many<int, Keyed<Location>>("locationsOfService:" + EntityProjection.Key(properties), async (db, ids, ct) =>
        {
            if (NativeReads.Enabled<Location>(db))
            {
                var sql = $"""
                    SELECT "sal"."ServiceId", {EntityReader.For<Location>(db.Model).Only(properties).Columns("l")}
                    FROM "ServiceAtLocations" AS "sal" JOIN "Locations" AS "l" ON "l"."Id" = "sal"."LocationId"
                    WHERE "sal"."ServiceId" IN (SELECT "value" FROM json_each(?1))
                    ORDER BY "sal"."Id"
                    """;
                return [.. (await NativeReads.KeyedAsync<Location>(db, sql, ids, ct, properties).ConfigureAwait(false)).Select(r => new Keyed<Location>(r.Key, r.Entity))];
            }

            return await db.ServiceAtLocations.Where(s => ids.Contains(s.ServiceId))
                .OrderBy(s => s.Id)
                .Select(s => new Keyed<Location>(s.ServiceId, s.Location!))
                .ToListAsync(ct).ConfigureAwait(false);
        }, k => k.Key).Load(serviceId);
}
