using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Directory.Model.Geo;

/// <summary>Builds and checks polygons given as GeoJSON coordinates (rings of [longitude, latitude] positions).</summary>
public static class GeoPolygon
{
    /// <summary>Most positions a polygon may have, over all its rings, so one request cannot make the server work unboundedly.</summary>
    public const int MaxVertices = 1000;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>
    /// The polygon, or why the coordinates do not make a valid one (GeoJSON rules: the first ring is the outer boundary,
    /// the others are holes; each ring is closed and has at least four positions; rings do not cross themselves or each other).
    /// </summary>
    public static Polygon? TryCreate(IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> rings, out string? error)
    {
        error = Check(rings);
        if (error is not null)
        {
            return null;
        }

        var linearRings = rings.Select(ring => Factory.CreateLinearRing(ring.Select(p => new Coordinate(p[0], p[1])).ToArray())).ToList();
        var polygon = Factory.CreatePolygon(linearRings[0], linearRings.Skip(1).ToArray());
        var validity = new IsValidOp(polygon).ValidationError;
        if (validity is not null)
        {
            error = $"the polygon is not valid ({validity.Message} near {validity.Coordinate.X.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {validity.Coordinate.Y.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
            return null;
        }

        return polygon;
    }

    private static string? Check(IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> rings)
    {
        if (rings.Count == 0)
        {
            return "a polygon needs at least one ring";
        }

        var vertices = rings.Sum(r => r.Count);
        if (vertices > MaxVertices)
        {
            return $"a polygon may have at most {MaxVertices} positions; this one has {vertices}";
        }

        foreach (var ring in rings)
        {
            foreach (var position in ring)
            {
                if (position.Count is < 2 or > 3)
                {
                    return "each position must be [longitude, latitude]";
                }

                if (position[0] is < -180 or > 180 || double.IsNaN(position[0]))
                {
                    return $"longitudes must be between -180 and 180; got {position[0].ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                }

                if (position[1] is < -90 or > 90 || double.IsNaN(position[1]))
                {
                    return $"latitudes must be between -90 and 90; got {position[1].ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                }
            }

            if (ring.Count < 4)
            {
                return "each ring needs at least four positions, the last equal to the first";
            }

            if (ring[0][0] != ring[^1][0] || ring[0][1] != ring[^1][1])
            {
                return "each ring must be closed: its last position must equal its first";
            }
        }

        return null;
    }
}
