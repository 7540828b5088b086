using Directory.Api.GraphQL.Loaders;
using Directory.Model.Locations;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Locations;

public static class LocationLoaders
{
    public static IDataLoaderResult<Location?> LoadLocation(this IResolveFieldContext context, int id) =>
        context.Loaders().One<int, Location>("location", (db, ids, ct) =>
            db.Locations.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct)).Load(id);

    public static IDataLoaderResult<IReadOnlyList<ServiceAtLocation>> LoadServiceAtLocationsOfLocation(this IResolveFieldContext context, int locationId) =>
        context.Loaders().Many<int, ServiceAtLocation>("salOfLocation", (db, ids, ct) =>
            db.ServiceAtLocations.Where(s => ids.Contains(s.LocationId)).OrderBy(s => s.Id).ToListAsync(ct),
            s => s.LocationId).Load(locationId);

    public static IDataLoaderResult<IReadOnlyList<Location>> LoadLocationsOfOrganization(this IResolveFieldContext context, int organizationId) =>
        context.Loaders().Many<int, Location>("locationsOfOrganization", (db, ids, ct) =>
            db.Locations.Where(l => l.OrganizationId != null && ids.Contains(l.OrganizationId.Value)).OrderBy(l => l.Name).ThenBy(l => l.Id).ToListAsync(ct),
            l => l.OrganizationId!.Value).Load(organizationId);

    public static IDataLoaderResult<IReadOnlyList<Schedule>> LoadSchedules(this IResolveFieldContext context, int serviceAtLocationId) =>
        context.Loaders().Many<int, Schedule>("schedules", async (db, ids, ct) =>
            (await db.Schedules.Where(s => ids.Contains(s.ServiceAtLocationId)).ToListAsync(ct))
                .OrderBy(s => ((int)s.DayOfWeek + 6) % 7).ThenBy(s => s.Opens).ToList(),
            s => s.ServiceAtLocationId).Load(serviceAtLocationId);

    public static IDataLoaderResult<IReadOnlyList<SpecialHours>> LoadSpecialHours(this IResolveFieldContext context, int serviceAtLocationId) =>
        context.Loaders().Many<int, SpecialHours>("specialHours", (db, ids, ct) =>
            db.SpecialHours.Where(s => ids.Contains(s.ServiceAtLocationId)).OrderBy(s => s.Date).ToListAsync(ct),
            s => s.ServiceAtLocationId).Load(serviceAtLocationId);
}
