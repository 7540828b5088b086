using Directory.Model.Associations;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Services;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Geo;

/// <summary>
/// <see cref="IGeoSearch"/> on SQLite: the R*Tree <c>LocationGeoIndex</c> (kept in sync by triggers, see the
/// <c>GeoIndex</c> migration) narrows locations to the search box in one statement joined with the caller's filter;
/// the exact test and the great-circle distance are then computed here, on the stored double coordinates.
/// </summary>
public sealed class SqliteGeoSearch : IGeoSearch
{
    /// <summary>Name of the R*Tree virtual table over location coordinates.</summary>
    public const string IndexTable = "LocationGeoIndex";

    public async Task<IReadOnlyList<GeoMatch>> ServicesAsync(DirectoryDbContext db, IQueryable<Service> services, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            return [];
        }

        var rows = await (
            from s in services
            from sal in s.ServiceAtLocations
            join p in Points(db, box) on sal.LocationId equals p.LocationId
            select new PointOf(s.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Rank(rows, criteria);
    }

    public async Task<IReadOnlyList<GeoMatch>> LocationsAsync(DirectoryDbContext db, IQueryable<Location> locations, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            return [];
        }

        var rows = await (
            from l in locations
            join p in Points(db, box) on l.Id equals p.LocationId
            select new PointOf(l.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Rank(rows, criteria);
    }

    public async Task<IReadOnlyList<GeoMatch>> AssociationsAsync(DirectoryDbContext db, IQueryable<Association> associations, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            return [];
        }

        var rows = await (
            from a in associations
            join p in Points(db, box) on a.HeadquartersLocationId equals (int?)p.LocationId
            select new PointOf(a.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Rank(rows, criteria);
    }

    public async Task<IReadOnlyList<GeoMatch>> CouncilsAsync(DirectoryDbContext db, IQueryable<RepresentativeCouncil> councils, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            return [];
        }

        var atLocation = await (
            from c in councils
            join p in Points(db, box) on c.LocationId equals (int?)p.LocationId
            select new PointOf(c.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Councils are few and comuni are 8,000: a range test on the centroid columns is cheap without an index.
        var atComune = await (
            from c in councils
            where c.LocationId == null || c.Location!.Latitude == null || c.Location.Longitude == null
            join m in db.Comuni on c.ComuneIstatCode equals m.IstatCode
            where m.Latitude != null && m.Longitude != null
                && m.Latitude >= box.South && m.Latitude <= box.North && m.Longitude >= box.West && m.Longitude <= box.East
            select new PointOf(c.Id, m.Latitude!.Value, m.Longitude!.Value))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Rank([.. atLocation, .. atComune], criteria);
    }

    /// <summary>Locations whose coordinates may lie in the box, by the R*Tree; the coordinates come from the table itself.</summary>
    private static IQueryable<LocationPoint> Points(DirectoryDbContext db, GeoBox box) =>
        db.Database.SqlQuery<LocationPoint>($"""
            SELECT l."Id" AS "LocationId", l."Latitude" AS "Latitude", l."Longitude" AS "Longitude"
            FROM "LocationGeoIndex" AS g
            JOIN "Locations" AS l ON l."Id" = g."id"
            WHERE g."minLat" <= {box.North} AND g."maxLat" >= {box.South}
              AND g."minLon" <= {box.East} AND g."maxLon" >= {box.West}
              AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL
            """);

    /// <summary>The exact test and, with a centre, the order: each record at the distance of its nearest matching point.</summary>
    internal static IReadOnlyList<GeoMatch> Rank(IEnumerable<PointOf> rows, GeoCriteria criteria)
    {
        var best = new Dictionary<int, double?>();
        foreach (var row in rows)
        {
            if (!criteria.Matches(row.Latitude, row.Longitude, out var distance))
            {
                continue;
            }

            if (!best.TryGetValue(row.Id, out var known) || distance < known)
            {
                best[row.Id] = distance;
            }
        }

        var matches = best.Select(kv => new GeoMatch(kv.Key, kv.Value));
        return criteria.HasCenter
            ? [.. matches.OrderBy(m => m.DistanceKm).ThenBy(m => m.Id)]
            : [.. matches.OrderBy(m => m.Id)];
    }

    internal sealed record PointOf(int Id, double Latitude, double Longitude);
}

/// <summary>A location's coordinates, as read through the spatial index.</summary>
public sealed class LocationPoint
{
    public int LocationId { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }
}
