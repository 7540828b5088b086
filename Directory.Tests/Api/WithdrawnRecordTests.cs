using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.ApiTests;

/// <summary>Records a feed has withdrawn stay stored and visible as such, but leave the default lists.</summary>
public sealed class WithdrawnRecordTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Fact]
    public async Task Withdrawn_services_and_organizations_leave_lists_but_are_still_reachable_and_flagged()
    {
        var (organizationId, serviceId) = await SeedWithdrawnAsync();
        var org = global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Organization", organizationId);
        var id = global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Service", serviceId);

        var listed = (await api.Query("query($org: ID!) { services(filter: { organization: $org }) { totalCount } }", new { org })).Ok();
        Assert.Equal(0, listed["services"]!["totalCount"]!.GetValue<int>());

        var included = (await api.Query("query($org: ID!) { services(filter: { organization: $org, includeWithdrawn: true }) { totalCount nodes { withdrawnAt } } }", new { org })).Ok();
        Assert.Equal(1, included["services"]!["totalCount"]!.GetValue<int>());
        Assert.NotNull(included["services"]!["nodes"]![0]!["withdrawnAt"]);

        var one = (await api.Query("query($id: ID!) { service(id: $id) { name withdrawnAt } }", new { id })).Ok();
        Assert.StartsWith("2026-11-01T", one["service"]!["withdrawnAt"]!.GetValue<string>(), StringComparison.Ordinal);

        var organizations = (await api.Query("{ organizations(first: 100) { nodes { id } } }")).Ok();
        Assert.DoesNotContain(organizations["organizations"]!["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == org);
        var withWithdrawn = (await api.Query("{ organizations(first: 100, filter: { includeWithdrawn: true }) { nodes { id } } }")).Ok();
        Assert.Contains(withWithdrawn["organizations"]!["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == org);
    }

    private async Task<(int Organization, int Service)> SeedWithdrawnAsync()
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var withdrawn = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var organization = new Organization { Name = "Withdrawn test organization", Kind = OrganizationKind.Other, Source = "test", WithdrawnAt = withdrawn };
        var service = new Service { Name = "Withdrawn test service", Organization = organization, Source = "test", WithdrawnAt = withdrawn };
        db.Services.Add(service);
        await db.SaveChangesAsync();
        return (organization.Id, service.Id);
    }
}
