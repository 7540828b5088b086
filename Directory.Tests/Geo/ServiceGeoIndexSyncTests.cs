using Directory.Model.Common;
using Directory.Model.Geo;
using Directory.Model.Locations;
using Directory.Model.Services;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary>
/// The R*Tree <c>ServiceGeoIndex</c> (points of listed services) follows every write to links, locations and services,
/// whoever makes it: after each step its entries are exactly what a query over the tables says they should be.
/// </summary>
public sealed class ServiceGeoIndexSyncTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    private static long Key(int serviceId, int locationId) => ((long)serviceId << 32) | (uint)locationId;

    private async Task<Dictionary<long, (double Latitude, double Longitude)>> IndexRowsAsync()
    {
        await using var db = await geo.CreateDbContextAsync();
        return await PointIndexRows.ReadAsync(db, SqliteGeoSearch.ServiceIndexTable);
    }

    /// <summary>What the index should hold: every link of a listed service to a location with coordinates.</summary>
    private async Task<Dictionary<long, (double Latitude, double Longitude)>> ExpectedAsync()
    {
        await using var db = await geo.CreateDbContextAsync();
        var listed = ServiceFilter.DefaultStatuses.ToList();
        var links = await db.ServiceAtLocations
            .Where(sal => sal.Location!.Latitude != null && sal.Location.Longitude != null
                && sal.Service!.WithdrawnAt == null && listed.Contains(sal.Service.Status))
            .Select(sal => new { sal.ServiceId, sal.LocationId, sal.Location!.Latitude, sal.Location.Longitude })
            .ToListAsync();
        return links.ToDictionary(l => Key(l.ServiceId, l.LocationId), l => (l.Latitude!.Value, l.Longitude!.Value));
    }

    private async Task<Dictionary<long, (double Latitude, double Longitude)>> AssertInSyncAsync()
    {
        var expected = await ExpectedAsync();
        var rows = await IndexRowsAsync();
        Assert.Equal(expected.Keys.Order(), rows.Keys.Order());
        foreach (var (key, point) in expected)
        {
            Assert.Equal(point.Latitude, rows[key].Latitude, 1e-4);
            Assert.Equal(point.Longitude, rows[key].Longitude, 1e-4);
        }

        return rows;
    }

    private async Task<bool> FoundNearAsync(int serviceId, double lat, double lon)
    {
        var data = (await geo.Query("query($near: Near!) { services(first: 5, near: $near) { nodes { id } } }",
            new { near = new { latitude = lat, longitude = lon, radiusKm = 0.05 } })).Ok();
        return data["services"]!["nodes"]!.AsArray().Any(n => GeoApiFactory.Key(n!["id"]) == serviceId);
    }

    private async Task UpdateAsync<T>(int id, Action<T> change)
        where T : class
    {
        await using var db = await geo.CreateDbContextAsync();
        var entity = await db.Set<T>().AsTracking().SingleAsync(e => EF.Property<int>(e, "Id") == id);
        change(entity);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_index_holds_exactly_the_listed_services_at_located_places()
    {
        var rows = await AssertInSyncAsync();

        await using var db = await geo.CreateDbContextAsync();
        Assert.True(rows.Count > 100);
        // The fixture's data has links the index must leave out, so the comparison above is not all-or-nothing.
        Assert.True(await db.ServiceAtLocations.CountAsync() > rows.Count);
    }

    [Fact]
    public async Task The_index_follows_links_coordinates_and_visibility_through_every_kind_of_write()
    {
        int serviceId, desk, annex, unlocated;
        await using (var db = await geo.CreateDbContextAsync())
        {
            var places = new[]
            {
                new Location { Name = "Service geo sync desk", ComuneIstatCode = "052032", Latitude = 43.2101, Longitude = 11.4102, Source = "service-geo-test" },
                new Location { Name = "Service geo sync annex", ComuneIstatCode = "052032", Latitude = 43.2202, Longitude = 11.4203, Source = "service-geo-test" },
                new Location { Name = "Service geo sync, no coordinates", ComuneIstatCode = "052032", Source = "service-geo-test" },
            };
            db.Locations.AddRange(places);
            var service = new Service { Name = "Service geo sync test", OrganizationId = geo.OrganizationId, Source = "service-geo-test" };
            service.ServiceAtLocations.Add(new ServiceAtLocation { Location = places[0] });
            db.Services.Add(service);
            await db.SaveChangesAsync();
            (serviceId, desk, annex, unlocated) = (service.Id, places[0].Id, places[1].Id, places[2].Id);
        }

        Assert.Contains(Key(serviceId, desk), (await AssertInSyncAsync()).Keys);
        Assert.True(await FoundNearAsync(serviceId, 43.2101, 11.4102));

        // A link to a place without coordinates has no point, until the place gets some.
        await using (var db = await geo.CreateDbContextAsync())
        {
            db.ServiceAtLocations.Add(new ServiceAtLocation { ServiceId = serviceId, LocationId = unlocated });
            await db.SaveChangesAsync();
        }

        Assert.DoesNotContain(Key(serviceId, unlocated), (await AssertInSyncAsync()).Keys);
        await using (var db = await geo.CreateDbContextAsync())
        {
            await db.Locations.Where(l => l.Id == unlocated).ExecuteUpdateAsync(s => s.SetProperty(l => l.Latitude, 43.2303).SetProperty(l => l.Longitude, 11.4304));
        }

        Assert.Contains(Key(serviceId, unlocated), (await AssertInSyncAsync()).Keys);

        // The desk moves: its point moves with it.
        await UpdateAsync<Location>(desk, l => (l.Latitude, l.Longitude) = (43.2111, 11.4122));
        var moved = await AssertInSyncAsync();
        Assert.Equal(43.2111, moved[Key(serviceId, desk)].Latitude, 1e-4);
        Assert.False(await FoundNearAsync(serviceId, 43.2101, 11.4102));
        Assert.True(await FoundNearAsync(serviceId, 43.2111, 11.4122));

        // Hidden (inactive, withdrawn) services leave the index with all their points, and come back.
        await UpdateAsync<Service>(serviceId, s => s.Status = ServiceStatus.Inactive);
        Assert.DoesNotContain((await AssertInSyncAsync()).Keys, k => k >> 32 == serviceId);
        Assert.False(await FoundNearAsync(serviceId, 43.2111, 11.4122));
        await UpdateAsync<Service>(serviceId, s => s.Status = ServiceStatus.TemporarilyClosed);
        Assert.Equal(2, (await AssertInSyncAsync()).Keys.Count(k => k >> 32 == serviceId));
        await UpdateAsync<Service>(serviceId, s => s.WithdrawnAt = DateTime.UtcNow);
        Assert.DoesNotContain((await AssertInSyncAsync()).Keys, k => k >> 32 == serviceId);
        await UpdateAsync<Service>(serviceId, s => s.WithdrawnAt = null);
        Assert.Equal(2, (await AssertInSyncAsync()).Keys.Count(k => k >> 32 == serviceId));
        // A write that does not change the visibility leaves the points alone.
        await UpdateAsync<Service>(serviceId, s => s.Status = ServiceStatus.Active);
        await AssertInSyncAsync();

        // A link moved to another place by SQL, then removed.
        await using (var db = await geo.CreateDbContextAsync())
        {
            await db.ServiceAtLocations.Where(sal => sal.ServiceId == serviceId && sal.LocationId == desk)
                .ExecuteUpdateAsync(s => s.SetProperty(sal => sal.LocationId, annex));
        }

        var relinked = await AssertInSyncAsync();
        Assert.Contains(Key(serviceId, annex), relinked.Keys);
        Assert.DoesNotContain(Key(serviceId, desk), relinked.Keys);
        await using (var db = await geo.CreateDbContextAsync())
        {
            db.ServiceAtLocations.Remove(await db.ServiceAtLocations.AsTracking().SingleAsync(sal => sal.ServiceId == serviceId && sal.LocationId == annex));
            await db.SaveChangesAsync();
        }

        Assert.DoesNotContain(Key(serviceId, annex), (await AssertInSyncAsync()).Keys);

        // Deleting a place or a service deletes its links (foreign-key cascade), and their points.
        await using (var db = await geo.CreateDbContextAsync())
        {
            await db.Locations.Where(l => l.Id == unlocated).ExecuteDeleteAsync();
        }

        Assert.DoesNotContain((await AssertInSyncAsync()).Keys, k => k >> 32 == serviceId);
        await using (var db = await geo.CreateDbContextAsync())
        {
            db.ServiceAtLocations.Add(new ServiceAtLocation { ServiceId = serviceId, LocationId = desk });
            await db.SaveChangesAsync();
        }

        Assert.Contains(Key(serviceId, desk), (await AssertInSyncAsync()).Keys);
        await using (var db = await geo.CreateDbContextAsync())
        {
            await db.Services.Where(s => s.Id == serviceId).ExecuteDeleteAsync();
        }

        Assert.DoesNotContain((await AssertInSyncAsync()).Keys, k => k >> 32 == serviceId);
        Assert.False(await FoundNearAsync(serviceId, 43.2111, 11.4122));
    }
}
