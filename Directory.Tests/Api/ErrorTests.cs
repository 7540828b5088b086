using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Organizations;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.ApiTests;

/// <summary>Errors carry a stable code; failures on our side say so without leaking exception text.</summary>
public sealed class ErrorTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string BrokenKind = "NotAKindOfOrganization";

    [Fact]
    public async Task Failure_on_the_server_is_internal_server_error_without_exception_text()
    {
        // A row the code cannot read (an enum value it does not know) makes the resolver throw.
        var organization = new Organization { Name = "Ente con dati corrotti (test)", Kind = OrganizationKind.Other, Source = "test" };
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE Organizations SET Kind = {BrokenKind} WHERE Id = {organization.Id}");
        }

        try
        {
            var id = ApiAssert.GlobalId("Organization", organization.Id);

            var response = await api.Query("query($id: ID!) { organization(id: $id) { name kind } }", new { id });

            response.Error("INTERNAL_SERVER_ERROR");
            Assert.Null(response.Data?["organization"]);
            var body = response.Body.ToJsonString();
            Assert.DoesNotContain(BrokenKind, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("details", body, StringComparison.Ordinal);
            Assert.Equal("Internal server error. The failure has been logged.", response.Errors![0].Text("message"));
        }
        finally
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Organizations.Where(o => o.Source == "test").ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Unknown_field_is_a_validation_error()
    {
        var response = await api.Query("{ services { nodes { noSuchField } } }");

        response.Error("GRAPHQL_VALIDATION_FAILED");
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task Syntax_error_is_a_parse_error()
    {
        var response = await api.Query("{ services { nodes { name }");

        response.Error("GRAPHQL_PARSE_FAILED");
    }

    [Fact]
    public async Task Wrong_variable_type_is_bad_user_input()
    {
        var response = await api.Query("query($n: Int) { services(first: $n) { totalCount } }", new { n = "many" });

        response.Error("BAD_USER_INPUT");
    }

    [Fact]
    public async Task Error_in_one_field_leaves_the_other_fields_answered()
    {
        var response = await api.Query("""{ comune(istatCode: "999999") { name } firenze: comune(istatCode: "048017") { name } }""");

        response.Error("NOT_FOUND", "istatCode");
        Assert.Null(response.Data!["comune"]);
        Assert.Equal("Firenze", response.Data["firenze"].Text("name"));
    }

    [Fact]
    public async Task Errors_point_at_the_field_that_failed()
    {
        var response = await api.Query("""{ regions(first: 1) { totalCount } comune(istatCode: "12") { name } }""");

        var error = response.Error("BAD_USER_INPUT", "istatCode");
        Assert.Equal(["comune"], error["path"].Strings());
    }
}
