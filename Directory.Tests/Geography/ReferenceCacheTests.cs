using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Geography;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Geography;

/// <summary>
/// Comuni and categories are served from memory (loaded at start-up); a row the cache does not hold is still read
/// from the database, and a page's comuni then cost no statement.
/// </summary>
public sealed class ReferenceCacheTests
{
    private const string PlacesQuery = """
        query($org: ID!) { locations(first: 10, filter: { organization: $org }) { nodes { name comune { istatCode name province { name region { name } } } } } }
        """;

    [Fact]
    public async Task A_comune_added_after_start_up_is_read_from_the_database()
    {
        await using var api = new DirectoryApiFactory();
        await api.Query("{ __typename }");
        var org = await AddPlaceAsync(api, newComune: true);

        var nodes = (await api.Query(PlacesQuery, new { org })).Ok()["locations"]!["nodes"]!.AsArray();

        var comune = Assert.Single(nodes)!["comune"]!;
        Assert.Equal("999999", comune["istatCode"]!.GetValue<string>());
        Assert.Equal("Comune di prova", comune["name"]!.GetValue<string>());
        Assert.Equal("Firenze", comune["province"]!["name"]!.GetValue<string>());
        Assert.Equal("Toscana", comune["province"]!["region"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Comuni_of_a_page_come_from_memory()
    {
        await using var api = new DirectoryApiFactory();
        var org = await AddPlaceAsync(api, newComune: false);
        await api.Query(PlacesQuery, new { org });

        var before = api.SqlCommandCount;
        var nodes = (await api.Query(PlacesQuery, new { org })).Ok()["locations"]!["nodes"]!.AsArray();
        var statements = api.SqlCommandCount - before;

        Assert.Equal("Firenze", Assert.Single(nodes)!["comune"]!["name"]!.GetValue<string>());
        // The page of places only (organization filter resolved by id): no comune, province or region statement.
        Assert.InRange(statements, 1, 2);
    }

    private static async Task<string> AddPlaceAsync(DirectoryApiFactory api, bool newComune)
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var code = "048017";
        if (newComune)
        {
            code = "999999";
            db.Comuni.Add(new Comune { IstatCode = code, Name = "Comune di prova", SearchName = "comune di prova", ProvinceIstatCode = "048", CadastralCode = "Z999" });
        }

        var organization = new Organization { Name = "Cache test organization", Kind = OrganizationKind.Other, Source = "cache-test" };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        db.Locations.Add(new Location { Name = "Cache test place", ComuneIstatCode = code, OrganizationId = organization.Id, Source = "cache-test" });
        await db.SaveChangesAsync();
        return global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Organization", organization.Id);
    }
}
