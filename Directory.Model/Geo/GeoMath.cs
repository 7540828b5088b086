namespace Directory.Model.Geo;

/// <summary>Great-circle arithmetic on WGS84 coordinates, in kilometres.</summary>
public static class GeoMath
{
    /// <summary>Mean Earth radius (IUGG), the usual sphere for haversine distances.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance between two points by the haversine formula.</summary>
    public static double HaversineKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var dLat = Radians(latitude2 - latitude1);
        var dLon = Radians(longitude2 - longitude1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
            + (Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// A box that surely holds every point within <paramref name="radiusKm"/> of the centre (it may hold more);
    /// longitudes span the whole circle when the circle reaches a pole.
    /// </summary>
    public static GeoBox BoxAround(double latitude, double longitude, double radiusKm)
    {
        var dLat = Degrees(radiusKm / EarthRadiusKm);
        var south = Math.Max(-90, latitude - dLat);
        var north = Math.Min(90, latitude + dLat);
        if (south <= -90 || north >= 90)
        {
            return new GeoBox(south, -180, north, 180);
        }

        // The circle is widest in longitude at the latitude nearest the pole it reaches.
        var widest = Math.Max(Math.Abs(south), Math.Abs(north));
        var dLon = Degrees(Math.Asin(Math.Min(1, Math.Sin(radiusKm / EarthRadiusKm) / Math.Cos(Radians(widest)))));
        return new GeoBox(south, Math.Max(-180, longitude - dLon), north, Math.Min(180, longitude + dLon));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static double Degrees(double radians) => radians * 180 / Math.PI;
}
