using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary>
/// The plain near-me search reads the R*Tree of listed services' points nearest first (<see cref="GeoSql.NearestFunction"/>)
/// and stops early: its answers against brute force over everything stored, ties included, and the order the index hands
/// its entries over in, on which the early stop relies.
/// </summary>
public sealed class NearestFirstTests(CrowdedGeoFactory crowd) : IClassFixture<CrowdedGeoFactory>
{
    /// <summary>(service id, latitude, longitude) of every listed service's located link: what a plain listing may show.</summary>
    private static async Task<List<(int Id, double Latitude, double Longitude)>> ListedPointsAsync(DirectoryDbContext db)
    {
        var listed = ServiceFilter.DefaultStatuses.ToList();
        var rows = await db.ServiceAtLocations
            .Where(x => x.Location!.Latitude != null && x.Location.Longitude != null && x.Service!.WithdrawnAt == null && listed.Contains(x.Service.Status))
            .Select(x => new { x.ServiceId, x.Location!.Latitude, x.Location.Longitude })
            .ToListAsync();
        return [.. rows.Select(r => (r.ServiceId, r.Latitude!.Value, r.Longitude!.Value))];
    }

    private static Task<IReadOnlyList<GeoMatch>> NearMeAsync(DirectoryDbContext db, double lat, double lon, double radiusKm, int limit) =>
        new SqliteGeoSearch().ServicesAsync(
            db, new ServiceFilter().Apply(db.Services), new GeoCriteria(lat, lon, radiusKm) { Limit = limit, DefaultVisibilityOnly = true }, CancellationToken.None);

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(21)]
    [InlineData(137)]
    public async Task Reading_nearest_first_ranks_like_brute_force(int limit)
    {
        await using var db = await crowd.CreateDbContextAsync();
        Assert.True(NativeReads.Enabled(db), "the nearest-first read is a native read");
        var points = await ListedPointsAsync(db);
        var random = new Random(limit);
        foreach (var radius in new[] { 0.2, 1.5, 10, 60 })
        {
            for (var i = 0; i < 6; i++)
            {
                var lat = CrowdedGeoFactory.CenterLatitude + ((random.NextDouble() - 0.5) * 0.1);
                var lon = CrowdedGeoFactory.CenterLongitude + ((random.NextDouble() - 0.5) * 0.1);
                var expected = BruteForce.Near(points, lat, lon, radius);

                var found = await NearMeAsync(db, lat, lon, radius, limit);

                Assert.Equal(Math.Min(limit, expected.Count), found.Count);
                BruteForce.SameRanking([.. expected.Take(limit)], [.. found.Select(m => (m.Id, m.DistanceKm))]);
            }
        }
    }

    [Fact]
    public async Task Services_at_one_place_tie_and_are_ranked_by_id()
    {
        int placeId;
        List<int> ids;
        await using (var setup = await crowd.CreateDbContextAsync())
        {
            var organization = new Organization { Name = "Nearest-first tie organization", Kind = OrganizationKind.Other, Source = "nearest-first-test" };
            var place = new Location { Name = "Nearest-first shared desk", ComuneIstatCode = "048017", Latitude = 43.7701234, Longitude = 11.2554321, Source = "nearest-first-test" };
            setup.Organizations.Add(organization);
            setup.Locations.Add(place);
            var services = Enumerable.Range(0, 30).Select(i => new Service { Name = $"Shared desk service {i:D2}", Organization = organization, Source = "nearest-first-test" }).ToList();
            foreach (var service in services)
            {
                service.ServiceAtLocations.Add(new ServiceAtLocation { Location = place });
            }

            setup.Services.AddRange(services);
            await setup.SaveChangesAsync();
            (placeId, ids) = (place.Id, [.. services.Select(s => s.Id).Order()]);
        }

        await using var db = await crowd.CreateDbContextAsync();
        var found = await NearMeAsync(db, 43.7701234, 11.2554321, 5, 7);

        Assert.Equal(ids.Take(7), found.Select(m => m.Id));
        Assert.All(found, m => Assert.Equal(0, m.DistanceKm!.Value, 9));
        BruteForce.SameRanking([.. BruteForce.Near(await ListedPointsAsync(db), 43.7701234, 11.2554321, 5).Take(7)], [.. found.Select(m => (m.Id, m.DistanceKm))]);
    }

    [Fact]
    public async Task The_index_hands_its_entries_over_in_order_of_their_lower_bound_and_only_within_the_radius()
    {
        await using var db = await crowd.CreateDbContextAsync();
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        GeoSql.Register(connection);
        const double lat = CrowdedGeoFactory.CenterLatitude + 0.013, lon = CrowdedGeoFactory.CenterLongitude - 0.021, radius = 25;
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT "minLat", "maxLat", "minLon", "maxLon" FROM "{SqliteGeoSearch.ServiceIndexTable}"
            WHERE "id" MATCH {GeoSql.NearestFunction}({lat}, {lon}, {radius})
            """;
        var bounds = new List<double>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                bounds.Add(GeoMath.MinDistanceToBoxKm(lat, lon, reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)));
            }
        }

        command.CommandText = $"""SELECT "minLat", "maxLat", "minLon", "maxLon" FROM "{SqliteGeoSearch.ServiceIndexTable}" """;
        var within = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                within += GeoMath.MinDistanceToBoxKm(lat, lon, reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)) <= radius ? 1 : 0;
            }
        }

        Assert.True(bounds.Count > 100);
        Assert.Equal(within, bounds.Count);
        Assert.Equal(bounds.Order(), bounds);
    }

    [Fact]
    public void The_lower_bound_is_never_above_the_distance_to_a_point_of_the_box_and_exact_for_a_point()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var lat = (random.NextDouble() * 170) - 85;
            var lon = (random.NextDouble() * 360) - 180;
            var south = (random.NextDouble() * 170) - 85;
            var north = Math.Min(89.9, south + (random.NextDouble() * (i % 2 == 0 ? 0.5 : 30)));
            var west = (random.NextDouble() * 350) - 180;
            var east = Math.Min(180, west + (random.NextDouble() * (i % 2 == 0 ? 0.5 : 60)));
            var bound = GeoMath.MinDistanceToBoxKm(lat, lon, south, north, west, east);
            for (var j = 0; j < 5; j++)
            {
                var pLat = south + (random.NextDouble() * (north - south));
                var pLon = west + (random.NextDouble() * (east - west));
                Assert.True(bound <= GeoMath.HaversineKm(lat, lon, pLat, pLon) + 1e-9, $"bound {bound} above a point of the box at {i}");
            }

            Assert.Equal(GeoMath.HaversineKm(lat, lon, south, west), GeoMath.MinDistanceToBoxKm(lat, lon, south, south, west, west), 6);
        }

        Assert.Equal(0, GeoMath.MinDistanceToBoxKm(43.5, 11.2, 43, 44, 11, 12));
    }
    [Fact]
    public void The_index_score_orders_cells_as_their_bound_and_its_radius_shortcut_admits_nothing_farther()
    {
        // geo_nearest scores by the haversine behind the bound (no arc sine): same order, and cells it calls within the
        // radius without the arc sine are within it by the distance too.
        var random = new Random(11);
        var cells = new List<(double Score, double Bound)>();
        const double lat = 43.77, lon = 11.25;
        for (var i = 0; i < 20_000; i++)
        {
            var south = lat + ((random.NextDouble() - 0.5) * 4);
            var west = lon + ((random.NextDouble() - 0.5) * 4);
            var (north, east) = (south + (random.NextDouble() * 0.2), west + (random.NextDouble() * 0.2));
            var score = GeoMath.MinHaversineToBox(lat, GeoMath.CosOfLatitude(lat), lon, south, north, west, east);
            var bound = GeoMath.MinDistanceToBoxKm(lat, lon, south, north, west, east);
            Assert.Equal(bound, GeoMath.KmOfHaversine(score));
            cells.Add((score, bound));

            var radius = random.NextDouble() * 200;
            Assert.True(GeoMath.KmOfHaversine(GeoMath.HaversineOfKm(radius) * (1 - 1e-9)) <= radius, $"radius {radius}");
        }

        var byScore = cells.OrderBy(c => c.Score).Select(c => c.Bound).ToList();
        Assert.Equal(byScore.Order(), byScore);
    }
}
