using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>Provenance of a page of records loads in a fixed number of statements, however long the page.</summary>
public sealed class ProvenanceStatementCountTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string PageQuery = """
        query Page($first: Int!, $org: ID!) {
          services(first: $first, filter: { organization: $org }) {
            nodes {
              id
              provenance {
                source externalId importSource { name licence } firstSeenAt lastSeenAt lastChangedAt lastRun { runId status } withdrawn
                fields { field setBy setAt run { runId } }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task Provenance_of_a_page_of_services_runs_the_same_few_statements_for_5_or_50_rows()
    {
        var organizationId = await SeedImportedServicesAsync(60);
        var org = global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Organization", organizationId);

        var (small, smallData) = await CountStatements(5, org);
        var (large, largeData) = await CountStatements(50, org);

        Assert.Equal(5, smallData["services"]!["nodes"]!.AsArray().Count);
        var nodes = largeData["services"]!["nodes"]!.AsArray();
        Assert.Equal(50, nodes.Count);
        Assert.All(nodes, n =>
        {
            var p = n!["provenance"]!;
            Assert.Equal("CC-BY-4.0", p["importSource"]!["licence"]!.GetValue<string>());
            Assert.NotNull(p["lastRun"]!["runId"]);
            Assert.Equal("description", Assert.Single(p["fields"]!.AsArray())!["field"]!.GetValue<string>());
        });
        Assert.Equal(small, large);
        // page, record provenance with last run, field provenance, import source, runs of the fields
        Assert.InRange(large, 1, 5);
    }

    private async Task<(long Statements, System.Text.Json.Nodes.JsonNode Data)> CountStatements(int first, string org)
    {
        await api.Query(PageQuery, new { first, org });
        var before = api.SqlCommandCount;
        var data = (await api.Query(PageQuery, new { first, org })).Ok();
        return (api.SqlCommandCount - before, data);
    }

    private async Task<int> SeedImportedServicesAsync(int count)
    {
        await using var db = await api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();
        var at = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        var run = new ImportRun { SourceId = "count-src", StartedAt = at, FinishedAt = at, Status = ImportRunStatus.Succeeded };
        db.ImportSources.Add(new ImportSource { Id = "count-src", Name = "Count source", Format = ImportFormat.HsdsJson, Path = "/x.json", Licence = "CC-BY-4.0", LastSucceededAt = at, Runs = [run] });
        var organization = new Organization { Name = "Provenance count organization", Kind = OrganizationKind.Other, Source = "count-src", ExternalId = "org" };
        db.Organizations.Add(organization);
        var services = Enumerable.Range(0, count)
            .Select(i => new Service { Name = $"Imported service {i:00}", Organization = organization, Source = "count-src", ExternalId = $"s{i}" }).ToList();
        db.Services.AddRange(services);
        await db.SaveChangesAsync();
        foreach (var s in services)
        {
            var key = s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            db.RecordProvenance.Add(new RecordProvenance { EntityType = "Service", EntityKey = key, SourceId = "count-src", ExternalId = s.ExternalId!, FirstSeenAt = at, FirstRunId = run.Id, LastRunId = run.Id, LastChangedAt = at });
            db.FieldProvenance.Add(new FieldProvenance { EntityType = "Service", EntityKey = key, Field = "description", SetBy = "count-src", SetByKind = ChangeAuthorKind.Import, ImportRunId = run.Id, SetAt = at });
        }

        await db.SaveChangesAsync();
        return organization.Id;
    }
}
