using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary><c>within</c> a bounding box or a GeoJSON polygon keeps exactly the records whose points lie inside, by brute force.</summary>
public sealed class AreaSearchTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    // A "C" open to the east around the test cloud: concave, so a box test alone would let points through.
    private static readonly double[][][] CShape =
    [
        [[10.8, 42.9], [11.8, 42.9], [11.8, 43.1], [11.1, 43.1], [11.1, 43.6], [11.8, 43.6], [11.8, 43.8], [10.8, 43.8], [10.8, 42.9]],
    ];

    // A square with a square hole.
    private static readonly double[][][] Frame =
    [
        [[10.9, 43.0], [11.7, 43.0], [11.7, 43.7], [10.9, 43.7], [10.9, 43.0]],
        [[11.1, 43.2], [11.5, 43.2], [11.5, 43.5], [11.1, 43.5], [11.1, 43.2]],
    ];

    private async Task<List<(int Id, double Latitude, double Longitude)>> AllLocationPointsAsync()
    {
        await using var db = await geo.CreateDbContextAsync();
        return (await db.Locations.Where(l => l.Latitude != null && l.Longitude != null)
            .Select(l => new { l.Id, l.Latitude, l.Longitude }).ToListAsync())
            .Select(l => (l.Id, l.Latitude!.Value, l.Longitude!.Value)).ToList();
    }

    private async Task<List<JsonNode>> AllPagesAsync(string field, string arguments, Dictionary<string, object?> variables, string declarations)
    {
        var nodes = new List<JsonNode>();
        string? after = null;
        do
        {
            variables["after"] = after;
            var data = (await geo.Query(
                $"query({declarations}, $after: String) {{ {field}(first: 100, after: $after, {arguments}) {{ pageInfo {{ hasNextPage endCursor }} edges {{ distanceKm node {{ id name }} }} }} }}",
                variables)).Ok();
            var connection = data[field]!;
            nodes.AddRange(connection["edges"]!.AsArray().Select(e => e!));
            after = connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? connection["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);
        return nodes;
    }

    [Fact]
    public async Task Locations_within_a_bounding_box_match_brute_force()
    {
        var points = await AllLocationPointsAsync();
        var expected = points.Where(p => p.Latitude >= 43.2 && p.Latitude <= 43.55 && p.Longitude >= 11.0 && p.Longitude <= 11.45).Select(p => p.Id).ToList();
        Assert.InRange(expected.Count, 1, points.Count - 1);

        var edges = await AllPagesAsync("locations", "within: { boundingBox: $box }",
            new() { ["box"] = new { south = 43.2, west = 11.0, north = 43.55, east = 11.45 } }, "$box: BoundingBox!");

        Assert.Equal(expected.Order(), edges.Select(e => GeoApiFactory.Key(e["node"]!["id"])).Order());
        Assert.All(edges, e => Assert.Null(e["distanceKm"]));
    }

    [Fact]
    public async Task Services_within_a_bounding_box_keep_the_usual_name_order()
    {
        await using var db = await geo.CreateDbContextAsync();
        var expected = await db.Services
            .Where(s => s.OrganizationId == geo.OrganizationId && s.ServiceAtLocations.Any(x =>
                x.Location!.Latitude >= 43.1 && x.Location.Latitude <= 43.4 && x.Location.Longitude >= 11.1 && x.Location.Longitude <= 11.6))
            .Select(s => new { s.Id, s.Name }).ToListAsync();
        Assert.NotEmpty(expected);

        var edges = await AllPagesAsync("services", "within: { boundingBox: $box }, filter: { organization: $org }",
            new() { ["box"] = new { south = 43.1, west = 11.1, north = 43.4, east = 11.6 }, ["org"] = geo.OrganizationGlobalId }, "$box: BoundingBox!, $org: ID");

        Assert.Equal(
            expected.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id).Select(s => s.Id).ToList(),
            edges.Select(e => GeoApiFactory.Key(e["node"]!["id"])).ToList());
    }

    [Fact]
    public async Task Locations_within_a_concave_polygon_match_brute_force()
    {
        var points = await AllLocationPointsAsync();
        var expected = points.Where(p => BruteForce.InPolygon(CShape, p.Latitude, p.Longitude)).Select(p => p.Id).ToList();
        var inItsBox = points.Count(p => p.Latitude is >= 42.9 and <= 43.8 && p.Longitude is >= 10.8 and <= 11.8);
        Assert.InRange(expected.Count, 1, inItsBox - 1);

        var edges = await AllPagesAsync("locations", "within: { polygon: $polygon }",
            new() { ["polygon"] = new { type = "Polygon", coordinates = CShape } }, "$polygon: GeoJsonPolygon!");

        Assert.Equal(expected.Order(), edges.Select(e => GeoApiFactory.Key(e["node"]!["id"])).Order());
    }

    [Fact]
    public async Task A_polygon_hole_leaves_its_points_out()
    {
        var points = await AllLocationPointsAsync();
        var expected = points.Where(p => BruteForce.InPolygon(Frame, p.Latitude, p.Longitude)).Select(p => p.Id).ToList();
        var inHole = points.Count(p => p.Latitude is > 43.2 and < 43.5 && p.Longitude is > 11.1 and < 11.5);
        Assert.NotEmpty(expected);
        Assert.True(inHole > 0, "some places should fall in the hole");

        var edges = await AllPagesAsync("locations", "within: { polygon: $polygon }",
            new() { ["polygon"] = new { type = "Polygon", coordinates = Frame } }, "$polygon: GeoJsonPolygon!");

        Assert.Equal(expected.Order(), edges.Select(e => GeoApiFactory.Key(e["node"]!["id"])).Order());
    }

    [Fact]
    public async Task Councils_within_a_box_count_at_their_comune_centroid_when_their_place_is_unknown()
    {
        await using var db = await geo.CreateDbContextAsync();
        var firenze = await db.Comuni.SingleAsync(c => c.IstatCode == "048017");
        var box = new { south = firenze.Latitude!.Value - 0.01, west = firenze.Longitude!.Value - 0.01, north = firenze.Latitude.Value + 0.01, east = firenze.Longitude.Value + 0.01 };
        var councils = await db.Councils.Select(c => new
        {
            c.Id,
            c.LocationId,
            LocationLatitude = c.Location!.Latitude,
            LocationLongitude = c.Location.Longitude,
            ComuneLatitude = db.Comuni.Where(m => m.IstatCode == c.ComuneIstatCode).Select(m => m.Latitude).FirstOrDefault(),
            ComuneLongitude = db.Comuni.Where(m => m.IstatCode == c.ComuneIstatCode).Select(m => m.Longitude).FirstOrDefault(),
        }).ToListAsync();
        var expected = councils
            .Where(c =>
            {
                var (lat, lon) = c.LocationLatitude is not null && c.LocationLongitude is not null
                    ? (c.LocationLatitude, c.LocationLongitude)
                    : (c.ComuneLatitude, c.ComuneLongitude);
                return lat >= box.south && lat <= box.north && lon >= box.west && lon <= box.east;
            })
            .Select(c => c.Id)
            .ToList();
        Assert.Contains(councils, c => c.LocationId is null && expected.Contains(c.Id));

        var edges = await AllPagesAsync("councils", "within: { boundingBox: $box }", new() { ["box"] = box }, "$box: BoundingBox!");

        Assert.Equal(expected.Order(), edges.Select(e => GeoApiFactory.Key(e["node"]!["id"])).Order());
    }

    [Fact]
    public async Task Near_and_within_together_rank_by_distance_inside_the_area()
    {
        var points = await AllLocationPointsAsync();
        var expected = BruteForce.Near(points.Where(p => BruteForce.InPolygon(CShape, p.Latitude, p.Longitude)), 43.35, 11.3, 60);
        Assert.NotEmpty(expected);

        var data = (await geo.Query(
            "query($polygon: GeoJsonPolygon!) { locations(first: 100, near: { latitude: 43.35, longitude: 11.3, radiusKm: 60 }, within: { polygon: $polygon }) { edges { distanceKm node { id } } } }",
            new { polygon = new { type = "Polygon", coordinates = CShape } })).Ok();

        BruteForce.SameRanking(expected, BruteForce.Edges(data["locations"]!));
    }
}
