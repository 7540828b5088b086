using Directory.Api.GraphQL.Loaders;
using Directory.Model.Locations;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Locations;

public static class LocationLoaders
{
    public static IDataLoaderResult<Location?> LoadLocation(this IResolveFieldContext context, int id) =>
        context.Loaders().ById<Location>("location").Load(id);

    public static IDataLoaderResult<IReadOnlyList<ServiceAtLocation>> LoadServiceAtLocationsOfLocation(this IResolveFieldContext context, int locationId) =>
        context.Loaders().ByForeignKey<ServiceAtLocation>("salOfLocation", s => s.LocationId).Load(locationId);

    public static IDataLoaderResult<IReadOnlyList<Location>> LoadLocationsOfOrganization(this IResolveFieldContext context, int organizationId) =>
        context.Loaders().Many<int, Location>("locationsOfOrganization", (db, ids, ct) =>
            db.Locations.Where(l => l.OrganizationId != null && ids.Contains(l.OrganizationId.Value)).OrderBy(l => l.Name).ThenBy(l => l.Id).ToListAsync(ct),
            l => l.OrganizationId!.Value).Load(organizationId);

    public static IDataLoaderResult<IReadOnlyList<Schedule>> LoadSchedules(this IResolveFieldContext context, int serviceAtLocationId) =>
        context.Loaders().ByForeignKey<Schedule>("schedules", s => s.ServiceAtLocationId).Load(serviceAtLocationId)
            .Then(list => (IReadOnlyList<Schedule>)[.. list.OrderBy(s => ((int)s.DayOfWeek + 6) % 7).ThenBy(s => s.Opens)]);

    public static IDataLoaderResult<IReadOnlyList<SpecialHours>> LoadSpecialHours(this IResolveFieldContext context, int serviceAtLocationId) =>
        context.Loaders().Many<int, SpecialHours>("specialHours", (db, ids, ct) =>
            db.SpecialHours.Where(s => ids.Contains(s.ServiceAtLocationId)).OrderBy(s => s.Date).ToListAsync(ct),
            s => s.ServiceAtLocationId).Load(serviceAtLocationId);
}
