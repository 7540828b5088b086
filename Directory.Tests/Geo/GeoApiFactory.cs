using System.Text.Json.Nodes;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Geo;

/// <summary>
/// The API on its own database, plus a cloud of random places around Siena owned by one test organization: services
/// at one to three of them, associations headquartered at some, councils meeting at some or only known by comune,
/// and services whose declared service areas test the "serves a comune" semantics. Tests compare the API with brute
/// force over what is actually stored, so demonstration data may come and go.
/// </summary>
public sealed class GeoApiFactory : IAsyncLifetime
{
    public const double CenterLatitude = 43.35;
    public const double CenterLongitude = 11.30;

    public DirectoryApiFactory Api { get; } = new();

    public int OrganizationId { get; private set; }

    public string OrganizationGlobalId => GlobalId("Organization", OrganizationId);

    /// <summary>Services of the service-area scenario, by role.</summary>
    public Dictionary<string, int> AreaServices { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        await using var db = await CreateDbContextAsync();
        var random = new Random(20261126);
        var organization = new Organization { Name = "Geo test organization", Kind = OrganizationKind.Other, Source = "geo-test" };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        OrganizationId = organization.Id;

        // About ±90 km north-south and ±80 km east-west around the centre, so radius searches cut through the cloud.
        var places = Enumerable.Range(0, 90).Select(i => new Location
        {
            Name = $"Geo test place {i:D2}",
            ComuneIstatCode = "052032",
            OrganizationId = OrganizationId,
            Latitude = CenterLatitude + ((random.NextDouble() - 0.5) * 1.6),
            Longitude = CenterLongitude + ((random.NextDouble() - 0.5) * 2.0),
            CoordinateQuality = CoordinateQuality.Exact,
            Source = "geo-test",
        }).ToList();
        var unplaced = Enumerable.Range(0, 3).Select(i => new Location
        {
            Name = $"Geo test place without coordinates {i}",
            ComuneIstatCode = "052032",
            OrganizationId = OrganizationId,
            Source = "geo-test",
        }).ToList();
        db.Locations.AddRange([.. places, .. unplaced]);

        for (var i = 0; i < 60; i++)
        {
            var service = new Service { Name = $"Geo test service {i:D2}", OrganizationId = OrganizationId, Source = "geo-test" };
            foreach (var place in places.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
            {
                service.ServiceAtLocations.Add(new ServiceAtLocation { Location = place });
            }

            if (i % 10 == 0)
            {
                service.ServiceAtLocations.Add(new ServiceAtLocation { Location = unplaced[i % unplaced.Count] });
            }

            db.Services.Add(service);
        }

        for (var i = 0; i < 12; i++)
        {
            db.Associations.Add(new Association
            {
                Name = $"Geo test association {i:D2}",
                Headquarters = i < 10 ? places[random.Next(places.Count)] : unplaced[0],
                Source = "geo-test",
            });
        }

        for (var i = 0; i < 6; i++)
        {
            db.Councils.Add(new RepresentativeCouncil
            {
                Name = $"Geo test council {i:D2}",
                Kind = CouncilKind.Council,
                ComuneIstatCode = i % 2 == 0 ? "052032" : "048017",
                Location = i < 4 ? places[random.Next(places.Count)] : null,
                Source = "geo-test",
            });
        }

        // Serves Firenze (048017)? A desk there; an area naming the comune, its province, its region; and three that do not.
        await AddAreaServiceAsync(db, "desk in Firenze", "048017");
        await AddAreaServiceAsync(db, "area comune Firenze", "100005", "048017");
        await AddAreaServiceAsync(db, "area province Firenze", "050026", "048");
        await AddAreaServiceAsync(db, "area region Toscana", "046017", "09");
        await AddAreaServiceAsync(db, "desk in Scandicci, area province Pisa", "048041", "050");
        await AddAreaServiceAsync(db, "area comune Prato", "052032", "100005");
        await AddAreaServiceAsync(db, "area region Lazio", "058091", "12");
        await db.SaveChangesAsync();
    }

    private async Task AddAreaServiceAsync(DirectoryDbContext db, string role, string deskComune, params string[] areas)
    {
        var service = new Service { Name = $"Geo area service: {role}", OrganizationId = OrganizationId, Source = "geo-test" };
        service.ServiceAtLocations.Add(new ServiceAtLocation
        {
            Location = new Location { Name = $"Desk of {role}", ComuneIstatCode = deskComune, OrganizationId = OrganizationId, Source = "geo-test" },
        });
        service.Areas.AddRange(areas.Select(a => new ServiceArea { AreaCode = a }));
        db.Services.Add(service);
        await db.SaveChangesAsync();
        AreaServices[role] = service.Id;
    }

    public async Task<DirectoryDbContext> CreateDbContextAsync() =>
        await Api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();

    public Task<GraphQLResponse> Query(string query, object? variables = null) => Api.Query(query, variables);

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A global ID as the API writes it.</summary>
    public static string GlobalId(string typeName, int key) => Directory.Api.GraphQL.Relay.GlobalId.Encode(typeName, key);

    /// <summary>The integer key of a global ID the API returned.</summary>
    public static int Key(JsonNode? id)
    {
        Assert.True(Directory.Api.GraphQL.Relay.GlobalId.TryDecode(id!.GetValue<string>(), out _, out var key));
        return int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
    }
}
