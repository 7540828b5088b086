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
/// the exact test and the great-circle distance are then computed here, on the stored double coordinates. When only
/// the nearest few are wanted (<see cref="GeoCriteria.Limit"/>), crowded areas are searched in widening discs.
/// </summary>
public sealed class SqliteGeoSearch : IGeoSearch
{
    /// <summary>Name of the R*Tree virtual table over location coordinates.</summary>
    public const string IndexTable = "LocationGeoIndex";

    /// <summary>
    /// Index entries in a search box above which a limited near search goes progressive; below it one fetch of the
    /// whole box is cheap.
    /// </summary>
    public const int CrowdedPoints = 512;

    /// <summary>Smallest disc the progressive search starts from (about a city block).</summary>
    private const double MinimumRadiusKm = 0.05;

    public async Task<IReadOnlyList<GeoMatch>> ServicesAsync(DirectoryDbContext db, IQueryable<Service> services, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        return await SearchAsync(db, criteria, box => (
            from s in services
            from sal in s.ServiceAtLocations
            join p in Points(db, box) on sal.LocationId equals p.LocationId
            select new PointOf(s.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GeoMatch>> LocationsAsync(DirectoryDbContext db, IQueryable<Location> locations, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        return await SearchAsync(db, criteria, box => (
            from l in locations
            join p in Points(db, box) on l.Id equals p.LocationId
            select new PointOf(l.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GeoMatch>> AssociationsAsync(DirectoryDbContext db, IQueryable<Association> associations, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        return await SearchAsync(db, criteria, box => (
            from a in associations
            join p in Points(db, box) on a.HeadquartersLocationId equals (int?)p.LocationId
            select new PointOf(a.Id, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Runs <paramref name="fetch"/> (the points of the filtered records inside a box) and ranks them. With a centre and a
    /// <see cref="GeoCriteria.Limit"/>, where the index holds many points around the centre, the search is progressive:
    /// it first fetches a small disc whose box the index says is not crowded; if that disc already holds at least
    /// <c>Limit</c> records, every record nearer than the last of them is inside it too, so its ranking is the exact
    /// start of the full one; otherwise the disc widens, up to the requested radius. Sparse areas take one fetch, as
    /// without a limit.
    /// </summary>
    private static async Task<IReadOnlyList<GeoMatch>> SearchAsync(
        DirectoryDbContext db, GeoCriteria criteria, Func<GeoBox, Task<List<PointOf>>> fetch, CancellationToken cancellationToken)
    {
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            return [];
        }

        if (criteria.Limit is not { } limit || !criteria.HasCenter)
        {
            return Rank(await fetch(box).ConfigureAwait(false), criteria);
        }

        // Few enough points in the whole box: one fetch ranks them all, as cheaply as any narrower search.
        var crowded = Math.Max(CrowdedPoints, 8 * limit);
        if (await PointsInBoxAsync(db, box, crowded, cancellationToken).ConfigureAwait(false) < crowded)
        {
            return Take(Rank(await fetch(box).ConfigureAwait(false), criteria), limit);
        }

        // Shrink until the box is no longer crowded (counting index entries stops at the threshold, so each probe is cheap).
        var radius = criteria.RadiusKm;
        while (radius > MinimumRadiusKm)
        {
            var smaller = radius / 4;
            var points = await PointsInBoxAsync(db, criteria.WithRadius(smaller).SearchBox, crowded, cancellationToken).ConfigureAwait(false);
            radius = smaller;
            if (points < crowded)
            {
                break;
            }
        }

        while (true)
        {
            var disc = criteria.WithRadius(radius);
            var ranked = Rank(await fetch(disc.SearchBox).ConfigureAwait(false), disc);
            if (ranked.Count >= limit || radius >= criteria.RadiusKm)
            {
                return Take(ranked, limit);
            }

            // Points spread over the area, so the radius that holds `limit` grows with the square root of the shortfall.
            var growth = Math.Clamp(Math.Sqrt((double)limit / Math.Max(1, ranked.Count)) * 1.25, 2, 8);
            radius = Math.Min(criteria.RadiusKm, radius * growth);
        }
    }

    /// <summary>Index entries in the box, counted up to <paramref name="cap"/> at most.</summary>
    private static async Task<int> PointsInBoxAsync(DirectoryDbContext db, GeoBox box, int cap, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<int>($"""
            SELECT COUNT(*) AS "Value" FROM (
                SELECT 1 FROM "LocationGeoIndex" AS g
                WHERE g."minLat" <= {box.North} AND g."maxLat" >= {box.South}
                  AND g."minLon" <= {box.East} AND g."maxLon" >= {box.West}
                LIMIT {cap})
            """).SingleAsync(cancellationToken).ConfigureAwait(false);

    private static IReadOnlyList<GeoMatch> Take(IReadOnlyList<GeoMatch> ranked, int limit) =>
        ranked.Count <= limit ? ranked : [.. ranked.Take(limit)];

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
