using Directory.Model.Geo;
using Directory.Model.Locations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary>The R*Tree <c>LocationGeoIndex</c> follows every write to locations, whoever makes it.</summary>
public sealed class GeoIndexSyncTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    private async Task<Dictionary<long, (double Latitude, double Longitude)>> IndexRowsAsync()
    {
        await using var db = await geo.CreateDbContextAsync();
        return await PointIndexRows.ReadAsync(db, SqliteGeoSearch.IndexTable);
    }

    private async Task<bool> FoundNearAsync(int locationId, double lat, double lon)
    {
        var data = (await geo.Query("query($near: Near!) { locations(first: 5, near: $near) { nodes { id } } }",
            new { near = new { latitude = lat, longitude = lon, radiusKm = 0.05 } })).Ok();
        return data["locations"]!["nodes"]!.AsArray().Any(n => GeoApiFactory.Key(n!["id"]) == locationId);
    }

    [Fact]
    public async Task The_index_holds_exactly_the_locations_with_coordinates()
    {
        await using var db = await geo.CreateDbContextAsync();
        var located = await db.Locations.Where(l => l.Latitude != null && l.Longitude != null).Select(l => new { l.Id, l.Latitude, l.Longitude }).ToListAsync();
        var unlocated = await db.Locations.CountAsync(l => l.Latitude == null || l.Longitude == null);
        Assert.True(unlocated > 0);

        var rows = await IndexRowsAsync();

        Assert.Equal(located.Select(l => (long)l.Id).Order(), rows.Keys.Order());
        foreach (var l in located)
        {
            Assert.Equal(l.Latitude!.Value, rows[l.Id].Latitude, 1e-4);
            Assert.Equal(l.Longitude!.Value, rows[l.Id].Longitude, 1e-4);
        }
    }

    [Fact]
    public async Task The_index_follows_a_location_through_create_move_unlocate_and_delete()
    {
        int id;
        await using (var db = await geo.CreateDbContextAsync())
        {
            var place = new Location { Name = "Geo sync test place", ComuneIstatCode = "052032", Latitude = 43.123456, Longitude = 11.654321, Source = "geo-test" };
            db.Locations.Add(place);
            await db.SaveChangesAsync();
            id = place.Id;
        }

        var created = await IndexRowsAsync();
        Assert.True(created.ContainsKey(id), "a new location with coordinates is indexed");
        Assert.Equal(43.123456, created[id].Latitude, 1e-4);
        Assert.True(await FoundNearAsync(id, 43.123456, 11.654321));

        await using (var db = await geo.CreateDbContextAsync())
        {
            var place = await db.Locations.AsTracking().SingleAsync(l => l.Id == id);
            place.Latitude = 42.5;
            place.Longitude = 12.25;
            await db.SaveChangesAsync();
        }

        var moved = await IndexRowsAsync();
        Assert.Equal(42.5, moved[id].Latitude, 1e-4);
        Assert.Equal(12.25, moved[id].Longitude, 1e-4);
        Assert.False(await FoundNearAsync(id, 43.123456, 11.654321));
        Assert.True(await FoundNearAsync(id, 42.5, 12.25));

        await using (var db = await geo.CreateDbContextAsync())
        {
            await db.Locations.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Latitude, (double?)null));
        }

        Assert.False((await IndexRowsAsync()).ContainsKey(id), "a location that loses its coordinates leaves the index");

        await using (var db = await geo.CreateDbContextAsync())
        {
            await db.Locations.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Latitude, 42.75));
        }

        Assert.Equal(42.75, (await IndexRowsAsync())[id].Latitude, 1e-4);

        await using (var db = await geo.CreateDbContextAsync())
        {
            db.Locations.Remove(await db.Locations.AsTracking().SingleAsync(l => l.Id == id));
            await db.SaveChangesAsync();
        }

        Assert.False((await IndexRowsAsync()).ContainsKey(id), "a deleted location leaves the index");
        Assert.False(await FoundNearAsync(id, 42.75, 12.25));
    }
}
