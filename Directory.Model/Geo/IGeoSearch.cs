using Directory.Model.Associations;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Services;

namespace Directory.Model.Geo;

/// <summary>
/// Geographic search over already filtered lists. Each method answers the records of the given query that meet the
/// criteria: with a centre, nearest first (ties by id) with their distance; without one, by id. A record's point is
/// that of its location: for a service, the nearest of its locations; for an association, its headquarters; for a
/// council, its location, else its comune's centroid. Locations without coordinates are never found.
/// </summary>
/// <remarks>
/// The one seam between the API and the database's spatial features: SQLite (R*Tree) today, PostGIS later.
/// Implementations own whatever provider-specific SQL they need; callers never write any.
/// With <see cref="GeoCriteria.Limit"/> an implementation may return only the start of the ranking (at least that
/// many); with <see cref="GeoCriteria.CountAll"/> it sets <see cref="GeoCriteria.Count"/> to the number of all matches;
/// it honours <see cref="GeoCriteria.Keep"/>.
/// </remarks>
public interface IGeoSearch
{
    Task<IReadOnlyList<GeoMatch>> ServicesAsync(DirectoryDbContext db, IQueryable<Service> services, GeoCriteria criteria, CancellationToken cancellationToken);

    Task<IReadOnlyList<GeoMatch>> LocationsAsync(DirectoryDbContext db, IQueryable<Location> locations, GeoCriteria criteria, CancellationToken cancellationToken);

    Task<IReadOnlyList<GeoMatch>> AssociationsAsync(DirectoryDbContext db, IQueryable<Association> associations, GeoCriteria criteria, CancellationToken cancellationToken);

    Task<IReadOnlyList<GeoMatch>> CouncilsAsync(DirectoryDbContext db, IQueryable<RepresentativeCouncil> councils, GeoCriteria criteria, CancellationToken cancellationToken);
}
