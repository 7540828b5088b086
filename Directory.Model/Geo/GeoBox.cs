namespace Directory.Model.Geo;

/// <summary>A latitude/longitude box in WGS84 degrees (no crossing of the antimeridian).</summary>
public sealed record GeoBox(double South, double West, double North, double East)
{
    /// <summary>Whether the box holds no point at all.</summary>
    public bool IsEmpty => South > North || West > East;

    /// <summary>Whether the point lies in the box, edges included.</summary>
    public bool Contains(double latitude, double longitude) =>
        latitude >= South && latitude <= North && longitude >= West && longitude <= East;

    /// <summary>The part both boxes share (possibly empty).</summary>
    public GeoBox Intersect(GeoBox other) =>
        new(Math.Max(South, other.South), Math.Max(West, other.West), Math.Min(North, other.North), Math.Min(East, other.East));

    /// <summary>The box grown by <paramref name="degrees"/> on every side, within the valid ranges.</summary>
    public GeoBox Widen(double degrees) =>
        new(Math.Max(-90, South - degrees), Math.Max(-180, West - degrees), Math.Min(90, North + degrees), Math.Min(180, East + degrees));
}
