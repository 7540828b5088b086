using Directory.Model.Geo;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary>Every malformed geographic argument is a BAD_USER_INPUT naming the field at fault, never a 500.</summary>
public sealed class GeoInputErrorTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    private const string Square = "[[[11, 43], [11.5, 43], [11.5, 43.5], [11, 43.5], [11, 43]]]";

    private async Task AssertBadInputAsync(string field, string arguments, string argument, object? variables = null, string declarations = "")
    {
        var response = await geo.Query($"query{declarations} {{ {field}(first: 5, {arguments}) {{ totalCount nodes {{ id }} }} }}", variables);

        Assert.NotEqual(500, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.ErrorCode());
        Assert.Equal(argument, response.Errors![0]!["extensions"]!["argument"]?.GetValue<string>());
        Assert.Null(response.Data?[field]);
    }

    [Theory]
    [InlineData("near: { latitude: 90.5, longitude: 11 }", "near.latitude")]
    [InlineData("near: { latitude: -91, longitude: 11 }", "near.latitude")]
    [InlineData("near: { latitude: 43, longitude: 180.01 }", "near.longitude")]
    [InlineData("near: { latitude: 43, longitude: -200 }", "near.longitude")]
    [InlineData("near: { latitude: 43, longitude: 11, radiusKm: 0 }", "near.radiusKm")]
    [InlineData("near: { latitude: 43, longitude: 11, radiusKm: -5 }", "near.radiusKm")]
    [InlineData("near: { latitude: 43, longitude: 11, radiusKm: 200.5 }", "near.radiusKm")]
    [InlineData("near: { latitude: 43, longitude: 11, comune: \"048017\" }", "near")]
    [InlineData("near: { radiusKm: 5 }", "near")]
    [InlineData("near: { latitude: 43 }", "near")]
    [InlineData("near: { comune: \"999999\" }", "near.comune")]
    [InlineData("near: { comune: \"48017\" }", "near.comune")]
    [InlineData("near: { latitude: 43, longitude: 11 }, orderBy: { field: NAME }", "orderBy")]
    [InlineData("within: { }", "within")]
    [InlineData("within: { boundingBox: { south: 43, west: 11, north: 44, east: 12 }, polygon: { type: \"Polygon\", coordinates: " + Square + " } }", "within")]
    [InlineData("within: { boundingBox: { south: 44, west: 11, north: 43, east: 12 } }", "within.boundingBox")]
    [InlineData("within: { boundingBox: { south: 43, west: 12, north: 44, east: 11 } }", "within.boundingBox")]
    [InlineData("within: { boundingBox: { south: 43, west: 11, north: 95, east: 12 } }", "within.boundingBox.north")]
    [InlineData("within: { boundingBox: { south: 43, west: -181, north: 44, east: 12 } }", "within.boundingBox.west")]
    [InlineData("within: { polygon: { type: \"Point\", coordinates: " + Square + " } }", "within.polygon.type")]
    [InlineData("within: { polygon: { type: \"Polygon\", coordinates: [] } }", "within.polygon")]
    [InlineData("within: { polygon: { type: \"Polygon\", coordinates: [[[11, 43], [11.5, 43], [11.5, 43.5], [11, 43.5]]] } }", "within.polygon")]
    [InlineData("within: { polygon: { type: \"Polygon\", coordinates: [[[11, 43], [11.5, 43], [11, 43]]] } }", "within.polygon")]
    [InlineData("within: { polygon: { type: \"Polygon\", coordinates: [[[11, 43], [11.5, 43.5], [11.5, 43], [11, 43.5], [11, 43]]] } }", "within.polygon")]
    [InlineData("within: { polygon: { type: \"Polygon\", coordinates: [[[11], [11.5, 43], [11.5, 43.5], [11, 43.5], [11]]] } }", "within.polygon")]
    [InlineData("within: { polygon: { type: \"Polygon\", coordinates: [[[11, 43], [11.5, 43], [11.5, 95], [11, 43.5], [11, 43]]] } }", "within.polygon")]
    [InlineData("filter: { servesComune: \"999999\" }", "filter.servesComune")]
    [InlineData("filter: { region: \"99\" }", "filter.region")]
    public async Task Bad_geographic_input_on_services_is_a_bad_user_input_naming_the_field(string arguments, string argument)
    {
        await AssertBadInputAsync("services", arguments, argument);
    }

    [Theory]
    [InlineData("locations")]
    [InlineData("associations")]
    [InlineData("councils")]
    public async Task Every_list_with_near_checks_the_radius_and_the_box(string field)
    {
        await AssertBadInputAsync(field, "near: { latitude: 43, longitude: 11, radiusKm: 1000 }", "near.radiusKm");
        await AssertBadInputAsync(field, "within: { boundingBox: { south: 44, west: 11, north: 43, east: 12 } }", "within.boundingBox");
    }

    [Fact]
    public async Task A_polygon_with_too_many_positions_is_refused()
    {
        var ring = Enumerable.Range(0, GeoPolygon.MaxVertices)
            .Select(i => new[] { 11 + (0.3 * Math.Cos(2 * Math.PI * i / GeoPolygon.MaxVertices)), 43 + (0.3 * Math.Sin(2 * Math.PI * i / GeoPolygon.MaxVertices)) })
            .ToList();
        ring.Add(ring[0]);

        await AssertBadInputAsync("services", "within: { polygon: $polygon }", "within.polygon",
            new { polygon = new { type = "Polygon", coordinates = new[] { ring } } }, "($polygon: GeoJsonPolygon!)");
    }

    [Fact]
    public async Task A_polygon_at_the_vertex_limit_is_accepted()
    {
        var ring = Enumerable.Range(0, GeoPolygon.MaxVertices - 1)
            .Select(i => new[] { 11 + (0.3 * Math.Cos(2 * Math.PI * i / (GeoPolygon.MaxVertices - 1))), 43 + (0.3 * Math.Sin(2 * Math.PI * i / (GeoPolygon.MaxVertices - 1))) })
            .ToList();
        ring.Add(ring[0]);

        var response = await geo.Query("query($polygon: GeoJsonPolygon!) { services(first: 1, within: { polygon: $polygon }) { totalCount } }",
            new { polygon = new { type = "Polygon", coordinates = new[] { ring } } });

        response.Ok();
    }

    [Fact]
    public async Task Near_a_comune_without_a_known_centroid_is_refused()
    {
        await using var db = await geo.CreateDbContextAsync();
        var withoutCentroid = await db.Comuni.Where(c => c.Latitude == null).Select(c => c.IstatCode).FirstOrDefaultAsync();
        Assert.NotNull(withoutCentroid);

        await AssertBadInputAsync("services", $"near: {{ comune: \"{withoutCentroid}\" }}", "near.comune");
    }
}
