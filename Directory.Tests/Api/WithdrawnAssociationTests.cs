using Directory.Model.Associations;
using Directory.Model.Data;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.ApiTests;

/// <summary>An association its feed has withdrawn stays stored and reachable, flagged, but leaves the default list.</summary>
public sealed class WithdrawnAssociationTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Fact]
    public async Task Withdrawn_association_leaves_the_list_unless_included_and_is_flagged()
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        int associationId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var association = new Association { Name = "Withdrawn test association", Communities = ["XK"], Source = "test", WithdrawnAt = new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc) };
            db.Associations.Add(association);
            await db.SaveChangesAsync();
            associationId = association.Id;
        }

        var id = global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Association", associationId);

        var listed = (await api.Query("{ associations(filter: { communities: [\"XK\"] }) { totalCount } }")).Ok();
        Assert.Equal(0, listed["associations"]!["totalCount"]!.GetValue<int>());

        var included = (await api.Query("{ associations(filter: { communities: [\"XK\"], includeWithdrawn: true }) { totalCount nodes { id withdrawnAt } } }")).Ok();
        Assert.Equal(id, included["associations"]!["nodes"]![0]!["id"]!.GetValue<string>());
        Assert.StartsWith("2026-11-02T", included["associations"]!["nodes"]![0]!["withdrawnAt"]!.GetValue<string>(), StringComparison.Ordinal);

        var one = (await api.Query("query($id: ID!) { association(id: $id) { name withdrawnAt } }", new { id })).Ok();
        Assert.NotNull(one["association"]!["withdrawnAt"]);
    }
}
