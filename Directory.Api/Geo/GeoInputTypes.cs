using Directory.Model.Geo;
using GraphQL.Types;

namespace Directory.Api.Geo;

public sealed class NearInputGraphType : InputObjectGraphType
{
    public NearInputGraphType()
    {
        Name = "Near";
        Description = "A point and a radius: results within the radius, nearest first (ties by id), each edge with its `distanceKm`. "
            + "Give either `latitude` and `longitude`, or `comune` (its centroid is used).";
        Field<FloatGraphType>("latitude").Description("Latitude of the point (WGS84 degrees, -90 to 90).");
        Field<FloatGraphType>("longitude").Description("Longitude of the point (WGS84 degrees, -180 to 180).");
        Field<StringGraphType>("comune").Description("Six-digit ISTAT code of a comune whose centroid is the point, e.g. \"048017\" for Firenze.");
        Field<NonNullGraphType<FloatGraphType>>("radiusKm")
            .Description($"Largest great-circle distance in kilometres: more than 0, at most {GeoArguments.MaxRadiusKm}.")
            .DefaultValue(GeoArguments.DefaultRadiusKm);
    }
}

public sealed class WithinInputGraphType : InputObjectGraphType
{
    public WithinInputGraphType()
    {
        Name = "Within";
        Description = "An area results must lie in (by their coordinates): give exactly one of `boundingBox` and `polygon`.";
        Field<BoundingBoxInputGraphType>("boundingBox").Description("A latitude/longitude box, e.g. a map viewport.");
        Field<GeoJsonPolygonInputGraphType>("polygon").Description($"A GeoJSON Polygon (RFC 7946), at most {GeoPolygon.MaxVertices} positions over all rings.");
    }
}

public sealed class BoundingBoxInputGraphType : InputObjectGraphType
{
    public BoundingBoxInputGraphType()
    {
        Name = "BoundingBox";
        Description = "A latitude/longitude box in WGS84 degrees, edges included; `south` ≤ `north` and `west` ≤ `east` (boxes across the antimeridian are not supported).";
        Field<NonNullGraphType<FloatGraphType>>("south").Description("Southern edge: smallest latitude (-90 to 90).");
        Field<NonNullGraphType<FloatGraphType>>("west").Description("Western edge: smallest longitude (-180 to 180).");
        Field<NonNullGraphType<FloatGraphType>>("north").Description("Northern edge: largest latitude (-90 to 90).");
        Field<NonNullGraphType<FloatGraphType>>("east").Description("Eastern edge: largest longitude (-180 to 180).");
    }
}

public sealed class GeoJsonPolygonInputGraphType : InputObjectGraphType
{
    public GeoJsonPolygonInputGraphType()
    {
        Name = "GeoJsonPolygon";
        Description = "A GeoJSON Polygon object (RFC 7946): `{ \"type\": \"Polygon\", \"coordinates\": [[[lon, lat], ...]] }`. The first ring is the "
            + "boundary, any others are holes; each ring is closed (last position = first) with at least four positions; rings must not cross "
            + "themselves or each other. Edges are straight lines in longitude/latitude; points on an edge count as inside.";
        Field<NonNullGraphType<StringGraphType>>("type").Description("Always \"Polygon\".");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListGraphType<NonNullGraphType<ListGraphType<NonNullGraphType<FloatGraphType>>>>>>>>("coordinates")
            .Description("Rings of positions, each position `[longitude, latitude]` in WGS84 degrees.");
    }
}
