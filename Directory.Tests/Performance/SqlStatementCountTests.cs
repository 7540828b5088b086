using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// Nested fields go through batching loaders: the number of SQL statements for a page does not grow with the page.
/// </summary>
public sealed class SqlStatementCountTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string PageQuery = """
        query Page($first: Int!, $org: ID!) {
          services(first: $first, filter: { organization: $org }) {
            totalCount
            nodes {
              id name languages
              organization { name kind }
              categories { code name }
              serviceAtLocations {
                location { name addressLine1 latitude longitude comune { name } }
                schedules { dayOfWeek opens closes }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task A_nested_page_of_services_runs_the_same_few_statements_for_5_or_50_rows()
    {
        var organizationId = await SeedServicesAsync(60);
        var org = global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Organization", organizationId);

        var (small, smallData) = await CountStatements(5, org);
        var (large, largeData) = await CountStatements(50, org);

        Assert.Equal(5, smallData["services"]!["nodes"]!.AsArray().Count);
        Assert.Equal(50, largeData["services"]!["nodes"]!.AsArray().Count);
        Assert.All(largeData["services"]!["nodes"]!.AsArray(), n =>
        {
            Assert.Equal(2, n!["serviceAtLocations"]![0]!["schedules"]!.AsArray().Count);
            Assert.Single(n["categories"]!.AsArray());
            Assert.NotNull(n["serviceAtLocations"]![0]!["location"]!["comune"]!["name"]);
        });
        Assert.Equal(small, large);
        // count, page, organizations, service-at-locations, locations, schedules, categories (comuni come from memory)
        Assert.InRange(large, 1, 7);
    }

    private async Task<(long Statements, System.Text.Json.Nodes.JsonNode Data)> CountStatements(int first, string org)
    {
        // Warm up once so schema building and first-use caches do not count.
        await api.Query(PageQuery, new { first, org });
        var before = api.SqlCommandCount;
        var response = await api.Query(PageQuery, new { first, org });
        var data = response.Ok();
        return (api.SqlCommandCount - before, data);
    }

    private async Task<int> SeedServicesAsync(int count)
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var category = await db.Categories.OrderBy(c => c.Id).FirstAsync();
        var organization = new Organization { Name = "Test organization for statement counts", Kind = OrganizationKind.Other, Source = "test" };
        db.Organizations.Add(organization);
        for (var i = 0; i < count; i++)
        {
            var location = new Location { Name = $"Test desk {i:00}", ComuneIstatCode = "048017", Latitude = 43.77 + (i / 1000.0), Longitude = 11.25, Source = "test" };
            var service = new Service
            {
                Name = $"Test service {i:00}",
                Organization = organization,
                Languages = ["it", "en"],
                Source = "test",
                Categories = [new ServiceCategory { CategoryId = category.Id }],
                ServiceAtLocations =
                [
                    new ServiceAtLocation
                    {
                        Location = location,
                        Source = "test",
                        Schedules =
                        [
                            new Schedule { DayOfWeek = DayOfWeek.Monday, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(12, 0), Source = "test" },
                            new Schedule { DayOfWeek = DayOfWeek.Thursday, Opens = new TimeOnly(14, 0), Closes = new TimeOnly(17, 0), Source = "test" },
                        ],
                    },
                ],
            };
            db.Services.Add(service);
        }

        await db.SaveChangesAsync();
        return organization.Id;
    }
}
