using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary>
/// <c>near</c> on every list: exactly the records within the radius, nearest first with their distance, as brute
/// force over the stored coordinates computes it; stable cursor paging in that order.
/// </summary>
public sealed class NearSearchTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    private async Task<List<(int Id, double Latitude, double Longitude)>> TestServicePointsAsync()
    {
        await using var db = await geo.CreateDbContextAsync();
        var rows = await db.ServiceAtLocations
            .Where(x => x.Service!.OrganizationId == geo.OrganizationId && x.Location!.Latitude != null && x.Location.Longitude != null)
            .Select(x => new { x.ServiceId, x.Location!.Latitude, x.Location.Longitude })
            .ToListAsync();
        return rows.Select(r => (r.ServiceId, r.Latitude!.Value, r.Longitude!.Value)).ToList();
    }

    private async Task<JsonNode> ServicesNearAsync(object near, int first = 100, string? after = null)
    {
        var data = (await geo.Query(
            """
            query($near: Near!, $org: ID, $first: Int, $after: String) {
              services(near: $near, filter: { organization: $org }, first: $first, after: $after) {
                totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor distanceKm node { id } }
              }
            }
            """,
            new { near, org = geo.OrganizationGlobalId, first, after })).Ok();
        return data["services"]!;
    }

    [Theory]
    [InlineData(GeoApiFactory.CenterLatitude, GeoApiFactory.CenterLongitude, 25)]
    [InlineData(43.6, 11.0, 40)]
    [InlineData(43.25, 11.45, 15.5)]
    [InlineData(43.35, 11.30, 200)]
    public async Task Services_near_a_point_are_those_within_the_radius_sorted_by_distance(double lat, double lon, double radiusKm)
    {
        var points = await TestServicePointsAsync();
        var expected = BruteForce.Near(points, lat, lon, radiusKm);
        var allServices = points.Select(p => p.Id).Distinct().Count();
        Assert.NotEmpty(expected);
        Assert.True(radiusKm >= 200 || expected.Count < allServices, "the radius should leave some services out");

        var services = await ServicesNearAsync(new { latitude = lat, longitude = lon, radiusKm });

        BruteForce.SameRanking(expected, BruteForce.Edges(services));
        Assert.Equal(expected.Count, services["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Locations_near_a_point_match_brute_force_over_every_stored_location()
    {
        await using var db = await geo.CreateDbContextAsync();
        var points = (await db.Locations.Where(l => l.Latitude != null && l.Longitude != null)
            .Select(l => new { l.Id, l.Latitude, l.Longitude }).ToListAsync())
            .Select(l => (l.Id, l.Latitude!.Value, l.Longitude!.Value)).ToList();
        var expected = BruteForce.Near(points, 43.4, 11.2, 30);
        Assert.InRange(expected.Count, 1, 99);

        var data = (await geo.Query("{ locations(first: 100, near: { latitude: 43.4, longitude: 11.2, radiusKm: 30 }) { totalCount edges { distanceKm node { id } } } }")).Ok();

        BruteForce.SameRanking(expected, BruteForce.Edges(data["locations"]!));
        Assert.Equal(expected.Count, data["locations"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Associations_near_a_point_are_ranked_by_their_headquarters()
    {
        await using var db = await geo.CreateDbContextAsync();
        var points = (await db.Associations.Where(a => a.Headquarters!.Latitude != null && a.Headquarters.Longitude != null)
            .Select(a => new { a.Id, a.Headquarters!.Latitude, a.Headquarters.Longitude }).ToListAsync())
            .Select(a => (a.Id, a.Latitude!.Value, a.Longitude!.Value)).ToList();
        var expected = BruteForce.Near(points, GeoApiFactory.CenterLatitude, GeoApiFactory.CenterLongitude, 45);
        Assert.NotEmpty(expected);

        var data = (await geo.Query("{ associations(first: 100, near: { latitude: 43.35, longitude: 11.30, radiusKm: 45 }) { edges { distanceKm node { id } } } }")).Ok();

        BruteForce.SameRanking(expected, BruteForce.Edges(data["associations"]!));
    }

    [Fact]
    public async Task Councils_near_a_point_use_their_location_or_else_their_comune_centroid()
    {
        await using var db = await geo.CreateDbContextAsync();
        var councils = await db.Councils.Select(c => new
        {
            c.Id,
            LocationLatitude = c.Location!.Latitude,
            LocationLongitude = c.Location.Longitude,
            ComuneLatitude = db.Comuni.Where(m => m.IstatCode == c.ComuneIstatCode).Select(m => m.Latitude).FirstOrDefault(),
            ComuneLongitude = db.Comuni.Where(m => m.IstatCode == c.ComuneIstatCode).Select(m => m.Longitude).FirstOrDefault(),
        }).ToListAsync();
        var points = councils
            .Select(c => c.LocationLatitude is not null && c.LocationLongitude is not null
                ? (c.Id, Latitude: c.LocationLatitude, Longitude: c.LocationLongitude)
                : (c.Id, Latitude: c.ComuneLatitude, Longitude: c.ComuneLongitude))
            .Where(c => c.Latitude is not null && c.Longitude is not null)
            .Select(c => (c.Id, c.Latitude!.Value, c.Longitude!.Value))
            .ToList();
        var expected = BruteForce.Near(points, 43.5, 11.3, 80);
        var byCentroid = councils.Where(c => c.LocationLatitude is null).Select(c => c.Id).ToHashSet();
        Assert.Contains(expected, e => byCentroid.Contains(e.Id));

        var data = (await geo.Query("{ councils(first: 100, near: { latitude: 43.5, longitude: 11.3, radiusKm: 80 }) { edges { distanceKm node { id } } } }")).Ok();

        BruteForce.SameRanking(expected, BruteForce.Edges(data["councils"]!));

        // A first page with a total: only the nearest one, and every council in the radius counted.
        var first = (await geo.Query("{ councils(first: 1, near: { latitude: 43.5, longitude: 11.3, radiusKm: 80 }) { totalCount edges { distanceKm node { id } } } }")).Ok();
        Assert.Equal(expected.Count, first["councils"]!["totalCount"]!.GetValue<int>());
        BruteForce.SameRanking(expected.Take(1).ToList(), BruteForce.Edges(first["councils"]!));
    }

    [Fact]
    public async Task Near_a_comune_searches_around_its_centroid()
    {
        await using var db = await geo.CreateDbContextAsync();
        var siena = await db.Comuni.SingleAsync(c => c.IstatCode == "052032");
        var expected = BruteForce.Near(await TestServicePointsAsync(), siena.Latitude!.Value, siena.Longitude!.Value, 30);
        Assert.NotEmpty(expected);

        var services = await ServicesNearAsync(new { comune = "052032", radiusKm = 30 });

        BruteForce.SameRanking(expected, BruteForce.Edges(services));
    }

    [Fact]
    public async Task Paging_by_distance_with_first_and_after_has_no_gaps_or_duplicates()
    {
        var near = new { latitude = 43.3, longitude = 11.35, radiusKm = 70 };
        var expected = BruteForce.Near(await TestServicePointsAsync(), 43.3, 11.35, 70);
        Assert.True(expected.Count > 20, "the search should span several pages");

        var pages = new List<(int Id, double? DistanceKm)>();
        string? after = null;
        var hasNext = true;
        var requests = 0;
        while (hasNext)
        {
            var page = await ServicesNearAsync(near, first: 7, after: after);
            Assert.Equal(after is not null, page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
            Assert.Equal(expected.Count, page["totalCount"]!.GetValue<int>());
            pages.AddRange(BruteForce.Edges(page));
            hasNext = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>();
            after = page["pageInfo"]!["endCursor"]?.GetValue<string>();
            Assert.True(++requests <= 20, "paging did not end");
        }

        Assert.Equal(pages.Count, pages.Select(p => p.Id).Distinct().Count());
        BruteForce.SameRanking(expected, pages);
    }

    [Fact]
    public async Task Last_and_before_page_backwards_through_the_distance_ranking()
    {
        var near = new { latitude = 43.3, longitude = 11.35, radiusKm = 70 };
        var expected = BruteForce.Near(await TestServicePointsAsync(), 43.3, 11.35, 70);
        var firstPage = await ServicesNearAsync(near, first: 10);
        var tenth = firstPage["edges"]![9]!["cursor"]!.GetValue<string>();

        var data = (await geo.Query(
            "query($near: Near!, $org: ID, $before: String) { services(near: $near, filter: { organization: $org }, last: 4, before: $before) { pageInfo { hasNextPage hasPreviousPage } edges { distanceKm node { id } } } }",
            new { near, org = geo.OrganizationGlobalId, before = tenth })).Ok();

        BruteForce.SameRanking(expected.Skip(5).Take(4).ToList(), BruteForce.Edges(data["services"]!));
        Assert.True(data["services"]!["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.True(data["services"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_near_page_runs_the_same_number_of_statements_whatever_its_size()
    {
        const string Query = """
            query($first: Int) {
              services(first: $first, near: { latitude: 43.35, longitude: 11.3, radiusKm: 120 }) {
                edges { distanceKm node { name organization { name } serviceAtLocations { location { name comune { name } } } } }
              }
            }
            """;
        async Task<long> StatementsAsync(int first)
        {
            var before = geo.Api.SqlCommandCount;
            var data = (await geo.Query(Query, new { first })).Ok();
            Assert.Equal(first, data["services"]!["edges"]!.AsArray().Count);
            return geo.Api.SqlCommandCount - before;
        }

        await StatementsAsync(2); // warm-up: start-up queries are not the page's

        Assert.Equal(await StatementsAsync(5), await StatementsAsync(50));
    }

    [Fact]
    public async Task Without_near_edges_have_no_distance()
    {
        var data = (await geo.Query("query($org: ID) { services(first: 5, filter: { organization: $org }) { edges { distanceKm } } }", new { org = geo.OrganizationGlobalId })).Ok();

        var edges = data["services"]!["edges"]!.AsArray();
        Assert.NotEmpty(edges);
        Assert.All(edges, e => Assert.Null(e!["distanceKm"]));
    }
}
