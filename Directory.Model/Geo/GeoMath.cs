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
    /// A lower bound of the great-circle distance from a point to any point of a latitude/longitude box (0 inside it),
    /// exact when the box is a point. The haversine of a distance is hav(Δφ) + cos φ₁ cos φ₂ hav(Δλ); each term is
    /// bounded below on its own over the box (the nearest latitude, the nearest longitude, the box's edge latitude nearest
    /// a pole), so their sum is at most the haversine of the distance to the box's nearest point. Never more than the
    /// distance to a point in the box, which a nearest-first search relies on.
    /// </summary>
    public static double MinDistanceToBoxKm(double latitude, double longitude, double south, double north, double west, double east) =>
        KmOfHaversine(MinHaversineToBox(latitude, CosOfLatitude(latitude), longitude, south, north, west, east));

    /// <summary>
    /// The haversine (hav of the central angle) whose distance is <see cref="MinDistanceToBoxKm"/>, given the cosine of
    /// the point's latitude (<see cref="CosOfLatitude"/>): the same value, bit for bit, before the arc sine. Increasing with
    /// the distance, so it orders boxes as the distance does.
    /// </summary>
    internal static double MinHaversineToBox(double latitude, double cosLatitude, double longitude, double south, double north, double west, double east)
    {
        var dLat = latitude < south ? south - latitude : latitude > north ? latitude - north : 0;
        var dLon = 0.0;
        if (longitude < west || longitude > east)
        {
            dLon = Math.Min(AroundCircle(west - longitude), AroundCircle(longitude - east));
        }

        // The cosine is smallest at the edge latitude nearest a pole (one cosine instead of the smaller of two); squares
        // multiplied out (Math.Pow is a library call): the R*Tree scores every cell of every node it expands with this.
        var sinLat = Math.Sin(Radians(dLat) / 2);
        var sinLon = Math.Sin(Radians(dLon) / 2);
        return (sinLat * sinLat) + (cosLatitude * Math.Cos(Radians(Math.Max(Math.Abs(south), Math.Abs(north)))) * (sinLon * sinLon));
    }

    /// <summary>The cosine of a latitude in degrees, as <see cref="MinHaversineToBox"/> expects it.</summary>
    internal static double CosOfLatitude(double latitude) => Math.Cos(Radians(latitude));

    /// <summary>The great-circle distance of a haversine (see <see cref="MinHaversineToBox"/>).</summary>
    internal static double KmOfHaversine(double haversine) => 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(haversine)));

    /// <summary>The haversine of a distance: <see cref="KmOfHaversine"/> backwards (up to rounding).</summary>
    internal static double HaversineOfKm(double km) => Math.Pow(Math.Sin(km / EarthRadiusKm / 2), 2);

    /// <summary>A longitude difference as the shorter way around the circle, 0 to 180 degrees.</summary>
    private static double AroundCircle(double degrees)
    {
        var d = ((degrees % 360) + 360) % 360;
        return Math.Min(d, 360 - d);
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
