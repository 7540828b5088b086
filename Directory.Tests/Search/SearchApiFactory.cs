using System.Text.Json.Nodes;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Model.Translations;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Search;

/// <summary>
/// The API on its own database (demo data included) plus records with made-up words, so each search test knows exactly
/// what must be found and in which order: accents on either side, a name match and a description match of the same
/// word, two services near a point whose relevance and distance orders disagree, and a run of services to page through.
/// </summary>
public sealed class SearchApiFactory : IAsyncLifetime
{
    public const double CenterLatitude = 43.7696;
    public const double CenterLongitude = 11.2558;

    public DirectoryApiFactory Api { get; } = new();

    public int OrganizationId { get; private set; }

    /// <summary>Ids of the fixture's services, by role.</summary>
    public Dictionary<string, int> Services { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        await using var db = await CreateDbContextAsync();
        var organization = new Organization { Name = "Ente di prova zibibbo", Kind = OrganizationKind.Other, Source = "search-test" };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        OrganizationId = organization.Id;

        await AddAsync(db, "accented", new Service { Name = "Ufficio della Città Ventosa" });
        await AddAsync(db, "unaccented", new Service { Name = "Sportello Citta Piovosa" });

        // The description match is stored first, so an order by id alone would put it first.
        await AddAsync(db, "saffron in description", new Service { Name = "Sportello generico", Description = "Si parla anche di zafferano, tra le altre cose." });
        await AddAsync(db, "saffron in name", new Service { Name = "Corso sul zafferano" });

        var translated = await AddAsync(db, "translated", new Service { Name = "Sportello lingue straniere" });
        db.Translations.Add(new Translation { EntityType = "Service", EntityKey = translated.ToString(System.Globalization.CultureInfo.InvariantCulture), Field = "name", Language = "en", Text = "Wombat language course desk", Source = "search-test" });

        // Near the centre: the description match is ~1 km away, the name match ~5 km away.
        await AddAsync(db, "sunflower far, in name", new Service { Name = "Punto girasole", IsFree = true }, At(0.045));
        await AddAsync(db, "sunflower near, in description", new Service { Name = "Sportello semplice", Description = "C'è anche un girasole.", IsFree = false }, At(0.009));
        // Nearer still, but no longer offered: a plain list never shows it, searched or not.
        await AddAsync(db, "sunflower nearest, inactive", new Service { Name = "Girasole chiuso", Status = ServiceStatus.Inactive }, At(0.002));

        for (var i = 0; i < 23; i++)
        {
            var words = string.Join(' ', Enumerable.Repeat("tartufo", 1 + (i % 4)));
            await AddAsync(db, $"page {i:D2}", new Service { Name = $"Scheda {i:D2}", Description = $"{words} e altre parole di riempimento numero {i}." });
        }

        await db.SaveChangesAsync();
    }

    private Location At(double northDegrees) => new()
    {
        Name = "Search test place",
        ComuneIstatCode = "048017",
        OrganizationId = OrganizationId,
        Latitude = CenterLatitude + northDegrees,
        Longitude = CenterLongitude,
        CoordinateQuality = CoordinateQuality.Exact,
        Source = "search-test",
    };

    private async Task<int> AddAsync(DirectoryDbContext db, string role, Service service, Location? place = null)
    {
        service.OrganizationId = OrganizationId;
        service.Source = "search-test";
        if (place is not null)
        {
            service.ServiceAtLocations.Add(new ServiceAtLocation { Location = place });
        }

        db.Services.Add(service);
        await db.SaveChangesAsync();
        Services[role] = service.Id;
        return service.Id;
    }

    public async Task<DirectoryDbContext> CreateDbContextAsync() =>
        await Api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();

    public Task<GraphQLResponse> Query(string query, object? variables = null) => Api.Query(query, variables);

    /// <summary>Ids of the services a search lists (first page of up to 100), in order.</summary>
    public async Task<List<int>> ServiceIdsAsync(string search, string extra = "")
    {
        var data = (await Query($"query($s: String) {{ services(first: 100, search: $s{extra}) {{ nodes {{ id }} }} }}", new { s = search })).Ok();
        return data["services"]!["nodes"]!.AsArray().Select(n => Key(n!["id"])).ToList();
    }

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The integer key of a global ID the API returned.</summary>
    public static int Key(JsonNode? id)
    {
        Assert.True(Directory.Api.GraphQL.Relay.GlobalId.TryDecode(id!.GetValue<string>(), out _, out var key));
        return int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string GlobalId(string typeName, int key) => Directory.Api.GraphQL.Relay.GlobalId.Encode(typeName, key);
}
