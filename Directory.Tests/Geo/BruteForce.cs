using System.Text.Json.Nodes;

namespace Directory.Tests.Geo;

/// <summary>The answers the API must give, computed the slow and obvious way, independently of its code.</summary>
internal static class BruteForce
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance by the haversine formula.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var h = Math.Sin(Rad(lat2 - lat1) / 2) * Math.Sin(Rad(lat2 - lat1) / 2)
            + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(Rad(lon2 - lon1) / 2) * Math.Sin(Rad(lon2 - lon1) / 2));
        return 2 * EarthRadiusKm * Math.Atan2(Math.Sqrt(h), Math.Sqrt(1 - h));
    }

    /// <summary>
    /// Records within the radius, each at the distance of its nearest point, nearest first and ties by id.
    /// </summary>
    public static List<(int Id, double DistanceKm)> Near(IEnumerable<(int Id, double Latitude, double Longitude)> points, double lat, double lon, double radiusKm) =>
        points
            .Select(p => (p.Id, DistanceKm: DistanceKm(lat, lon, p.Latitude, p.Longitude)))
            .Where(p => p.DistanceKm <= radiusKm)
            .GroupBy(p => p.Id)
            .Select(g => (Id: g.Key, DistanceKm: g.Min(p => p.DistanceKm)))
            .OrderBy(p => p.DistanceKm).ThenBy(p => p.Id)
            .ToList();

    /// <summary>Even-odd ray casting over every ring (outer boundary and holes), positions as [longitude, latitude].</summary>
    public static bool InPolygon(double[][][] rings, double lat, double lon)
    {
        var inside = false;
        foreach (var ring in rings)
        {
            for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
            {
                var (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1]);
                if ((yi > lat) != (yj > lat) && lon < ((xj - xi) * (lat - yi) / (yj - yi)) + xi)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }

    /// <summary>The edges of a connection as (id key, distanceKm).</summary>
    public static List<(int Id, double? DistanceKm)> Edges(JsonNode connection) =>
        connection["edges"]!.AsArray()
            .Select(e => (GeoApiFactory.Key(e!["node"]!["id"]), e["distanceKm"]?.GetValue<double>()))
            .ToList();

    /// <summary>Asserts the API's ranking equals the expected one: same ids in the same order, same distances.</summary>
    public static void SameRanking(List<(int Id, double DistanceKm)> expected, List<(int Id, double? DistanceKm)> actual)
    {
        Assert.Equal(expected.Select(e => e.Id).ToList(), actual.Select(a => a.Id).ToList());
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.NotNull(a.DistanceKm);
            Assert.Equal(e.DistanceKm, a.DistanceKm!.Value, 6);
        }
    }
}
