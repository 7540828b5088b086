using System.Text.Json.Nodes;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.ApiTests;

/// <summary>
/// Every filter of every list keeps exactly the records that match, as computed here from the unfiltered list;
/// unknown territory codes are errors, and sort order can be reversed.
/// </summary>
public sealed class FilterTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string ServiceFields = """
        id name status languages isFree targetGroups organization { id }
        categories { code } locations { comune { istatCode province { istatCode } } }
        """;

    private async Task<List<JsonNode>> ListAsync(string field, string fields, string arguments = "")
    {
        var separator = arguments.Length > 0 ? ", " : "";
        var data = (await api.Query($"{{ {field}(first: 100{separator}{arguments}) {{ totalCount nodes {{ {fields} }} }} }}")).Ok();
        var nodes = data.Nodes(field).Select(n => n!).ToList();
        Assert.Equal(nodes.Count, data[field]!["totalCount"]!.GetValue<int>());
        return nodes;
    }

    private async Task AssertFilterAsync(string field, string fields, string filter, Func<JsonNode, bool> matches, string? variablesDeclaration = null, object? variables = null)
    {
        var all = await ListAsync(field, "id " + fields);
        var expected = all.Where(matches).Select(n => n.Text("id")).ToList();
        ApiAssert.Discriminates(expected, all.Count);

        var query = $"query{variablesDeclaration} {{ {field}(first: 100, filter: {filter}) {{ totalCount nodes {{ id }} }} }}";
        var data = (await api.Query(query, variables)).Ok();

        ApiAssert.SameSet(expected, data.Nodes(field).Texts("id"));
        Assert.Equal(expected.Count, data[field]!["totalCount"]!.GetValue<int>());
    }

    private static bool HasAny(JsonNode node, string property, params string[] values) => node[property].Strings().Intersect(values).Any();

    private static IEnumerable<string> LocationComuni(JsonNode service) =>
        service["locations"]!.AsArray().Select(l => l!["comune"].Text("istatCode"));

    private static IEnumerable<string> LocationProvinces(JsonNode service) =>
        service["locations"]!.AsArray().Select(l => l!["comune"]!["province"].Text("istatCode"));

    private T WithDb<T>(Func<DirectoryDbContext, T> action)
    {
        using var db = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContext();
        return action(db);
    }

    // Services

    [Fact]
    public async Task Services_filter_by_category_code()
    {
        await AssertFilterAsync("services", ServiceFields, """{ categories: ["legal.work-permit"] }""",
            s => s["categories"]!.AsArray().Texts("code").Contains("legal.work-permit"));
    }

    [Fact]
    public async Task Services_filter_by_several_category_codes_keeps_services_with_any()
    {
        string[] codes = ["work.job-centre", "legal-aid.asylum"];
        await AssertFilterAsync("services", ServiceFields, """{ categories: ["work.job-centre", "legal-aid.asylum"] }""",
            s => s["categories"]!.AsArray().Texts("code").Intersect(codes).Any());
    }

    [Fact]
    public async Task Services_filter_by_comune()
    {
        await AssertFilterAsync("services", ServiceFields, """{ comune: "100005" }""", s => LocationComuni(s).Contains("100005"));
    }

    [Theory]
    [InlineData("050")]
    [InlineData("PI")]
    [InlineData("pi")]
    public async Task Services_filter_by_province_code_or_abbreviation(string province)
    {
        await AssertFilterAsync("services", ServiceFields, "{ province: $p }", s => LocationProvinces(s).Contains("050"), "($p: String)", new { p = province });
    }

    [Fact]
    public async Task Services_filter_by_languages_keeps_services_speaking_any()
    {
        await AssertFilterAsync("services", ServiceFields, """{ languages: ["ro", "uk"] }""", s => HasAny(s, "languages", "ro", "uk"));
    }

    [Fact]
    public async Task Services_filter_by_language_ignores_case_of_the_tag()
    {
        await AssertFilterAsync("services", ServiceFields, """{ languages: ["FR"] }""", s => HasAny(s, "languages", "fr"));
    }

    [Fact]
    public async Task Services_filter_with_malformed_language_is_bad_user_input()
    {
        var response = await api.Query("""{ services(filter: { languages: ["123"] }) { totalCount } }""");

        response.Error("BAD_USER_INPUT", "filter.languages", inMessage: true);
    }

    [Fact]
    public async Task Services_filter_by_organization()
    {
        var organization = (await ListAsync("services", ServiceFields)).GroupBy(s => s["organization"].Text("id")).First(g => g.Count() > 1).Key;

        await AssertFilterAsync("services", ServiceFields, "{ organization: $o }", s => s["organization"].Text("id") == organization, "($o: ID)", new { o = organization });
    }

    [Fact]
    public async Task Services_filter_by_organization_with_a_service_id_is_invalid_id()
    {
        var service = (await ListAsync("services", "id"))[0].Text("id");

        var response = await api.Query("query($o: ID) { services(filter: { organization: $o }) { totalCount } }", new { o = service });

        response.Error("INVALID_ID", "filter.organization");
    }

    [Fact]
    public async Task Services_filter_by_target_groups()
    {
        await AssertFilterAsync("services", ServiceFields, "{ targetGroups: [FOREIGN_MINORS, VICTIMS_OF_TRAFFICKING] }",
            s => HasAny(s, "targetGroups", "FOREIGN_MINORS", "VICTIMS_OF_TRAFFICKING"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Services_filter_by_is_free(bool free)
    {
        await AssertFilterAsync("services", ServiceFields, "{ isFree: $f }", s => s["isFree"]!.GetValue<bool>() == free, "($f: Boolean)", new { f = free });
    }

    [Fact]
    public async Task Services_filter_criteria_must_all_hold()
    {
        await AssertFilterAsync("services", ServiceFields, """{ comune: "048017", isFree: false }""",
            s => LocationComuni(s).Contains("048017") && !s["isFree"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Services_without_status_filter_leave_out_inactive_services()
    {
        var organizationId = WithDb(db => db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).First());
        var inactive = new Service { Name = "Servizio dismesso (test)", OrganizationId = organizationId, Status = ServiceStatus.Inactive, Source = "test" };
        var closed = new Service { Name = "Servizio chiuso per ferie (test)", OrganizationId = organizationId, Status = ServiceStatus.TemporarilyClosed, Source = "test" };
        WithDb(db =>
        {
            db.Services.AddRange(inactive, closed);
            return db.SaveChanges();
        });
        try
        {
            var byDefault = (await ListAsync("services", "name status")).Select(s => s.Text("name")).ToList();
            var onlyInactive = (await ListAsync("services", "name status", "filter: { status: [INACTIVE] }")).Select(s => s.Text("name")).ToList();
            var every = (await ListAsync("services", "name status", "filter: { status: [ACTIVE, TEMPORARILY_CLOSED, INACTIVE] }")).Select(s => s.Text("name")).ToList();

            Assert.DoesNotContain(inactive.Name, byDefault);
            Assert.Contains(closed.Name, byDefault);
            Assert.Equal([inactive.Name], onlyInactive);
            Assert.Equal(byDefault.Count + 1, every.Count);
            Assert.Contains(inactive.Name, every);
        }
        finally
        {
            WithDb(db => db.Services.Where(s => s.Source == "test").ExecuteDelete());
        }
    }

    [Fact]
    public async Task Inactive_service_is_still_found_by_id()
    {
        var organizationId = WithDb(db => db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).First());
        var inactive = new Service { Name = "Servizio dismesso (test)", OrganizationId = organizationId, Status = ServiceStatus.Inactive, Source = "test" };
        WithDb(db =>
        {
            db.Services.Add(inactive);
            return db.SaveChanges();
        });
        try
        {
            var id = ApiAssert.GlobalId("Service", inactive.Id);

            var data = (await api.Query("query($id: ID!) { service(id: $id) { name status } }", new { id })).Ok();

            Assert.Equal("INACTIVE", data["service"].Text("status"));
        }
        finally
        {
            WithDb(db => db.Services.Where(s => s.Source == "test").ExecuteDelete());
        }
    }

    // Organizations

    private const string OrganizationFields = "kind comune { istatCode province { istatCode } }";

    [Fact]
    public async Task Organizations_filter_by_kinds()
    {
        await AssertFilterAsync("organizations", OrganizationFields, "{ kinds: [QUESTURA, JOB_CENTRE] }",
            o => o.Text("kind") is "QUESTURA" or "JOB_CENTRE");
    }

    [Fact]
    public async Task Organizations_filter_by_comune()
    {
        await AssertFilterAsync("organizations", OrganizationFields, """{ comune: "050026" }""",
            o => o["comune"]?.Text("istatCode") == "050026");
    }

    [Theory]
    [InlineData("100")]
    [InlineData("PO")]
    public async Task Organizations_filter_by_province(string province)
    {
        await AssertFilterAsync("organizations", OrganizationFields, "{ province: $p }",
            o => o["comune"]?["province"]?.Text("istatCode") == "100", "($p: String)", new { p = province });
    }

    // Procedures

    [Fact]
    public async Task Procedures_default_to_published_guides()
    {
        var draft = new Procedure { Slug = "bozza-di-prova", Title = "Bozza di prova", Status = ProcedureStatus.Draft, Source = "test" };
        var archived = new Procedure { Slug = "guida-archiviata-di-prova", Title = "Guida archiviata di prova", Status = ProcedureStatus.Archived, Source = "test" };
        WithDb(db =>
        {
            db.Procedures.AddRange(draft, archived);
            return db.SaveChanges();
        });
        try
        {
            var byDefault = await ListAsync("procedures", "slug status");
            var onlyArchived = await ListAsync("procedures", "slug status", "filter: { status: [ARCHIVED] }");
            var both = await ListAsync("procedures", "slug status", "filter: { status: [PUBLISHED, ARCHIVED] }");

            Assert.NotEmpty(byDefault);
            Assert.All(byDefault, p => Assert.Equal("PUBLISHED", p.Text("status")));
            Assert.Equal([archived.Slug], onlyArchived.Select(p => p.Text("slug")));
            Assert.Equal(byDefault.Count + 1, both.Count);
            Assert.DoesNotContain(draft.Slug, both.Select(p => p.Text("slug")));
        }
        finally
        {
            WithDb(db => db.Procedures.Where(p => p.Source == "test").ExecuteDelete());
        }
    }

    [Fact]
    public async Task Draft_procedure_and_its_steps_are_not_public()
    {
        var draft = new Procedure
        {
            Slug = "bozza-di-prova-con-passi",
            Title = "Bozza di prova",
            Status = ProcedureStatus.Draft,
            Source = "test",
            Steps = [new ProcedureStep { Position = 1, Title = "Passo segreto", Source = "test" }],
        };
        WithDb(db =>
        {
            db.Procedures.Add(draft);
            return db.SaveChanges();
        });
        try
        {
            var bySlug = await api.Query("query($s: String) { procedure(slug: $s) { id } }", new { s = draft.Slug });
            var byId = await api.Query("query($id: ID) { procedure(id: $id) { id } }", new { id = ApiAssert.GlobalId("Procedure", draft.Id) });
            var nodes = (await api.Query(
                "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                new { ids = new[] { ApiAssert.GlobalId("Procedure", draft.Id), ApiAssert.GlobalId("ProcedureStep", draft.Steps[0].Id) } })).Ok();

            bySlug.Error("NOT_FOUND", "slug");
            byId.Error("NOT_FOUND", "id");
            Assert.Equal([null, null], nodes["nodes"]!.AsArray().Select(n => n?.ToJsonString()));
        }
        finally
        {
            WithDb(db => db.Procedures.Where(p => p.Source == "test").ExecuteDelete());
        }
    }

    [Theory]
    [InlineData("DRAFT")]
    [InlineData("IN_REVIEW")]
    [InlineData("PUBLISHED, DRAFT")]
    public async Task Procedures_with_draft_or_in_review_status_is_forbidden(string statuses)
    {
        var response = await api.Query($"{{ procedures(filter: {{ status: [{statuses}] }}) {{ totalCount }} }}");

        response.Error("FORBIDDEN", "filter.status");
    }

    [Fact]
    public async Task Procedures_filter_by_target_groups()
    {
        await AssertFilterAsync("procedures", "targetGroups", "{ targetGroups: [STUDENTS] }", p => HasAny(p, "targetGroups", "STUDENTS"));
    }

    [Fact]
    public async Task Procedures_filter_by_service()
    {
        // The links are read from the database, so this test does not depend on the nested `procedures` field.
        var total = (await ListAsync("procedures", "id")).Count;
        var (serviceId, procedureIds) = WithDb(db =>
        {
            var links = db.ProcedureServices.Select(l => new { l.ServiceId, l.ProcedureId }).ToList();
            var some = links.GroupBy(l => l.ServiceId).First(g => g.Count() < total);
            return (some.Key, some.Select(l => l.ProcedureId).ToList());
        });
        var expected = procedureIds.Select(id => ApiAssert.GlobalId("Procedure", id)).ToList();
        ApiAssert.Discriminates(expected, total);

        var data = (await api.Query(
            "query($s: ID) { procedures(first: 100, filter: { service: $s }) { totalCount nodes { id } } }",
            new { s = ApiAssert.GlobalId("Service", serviceId) })).Ok();

        ApiAssert.SameSet(expected, data.Nodes("procedures").Texts("id"));
    }

    // Associations

    private const string AssociationFields = "communities languages activityKinds headquarters { comune { istatCode province { istatCode } } } areas { istatCode }";

    private static List<string> Areas(JsonNode association) => association["areas"]!.AsArray().Texts("istatCode");

    private static string? HeadquartersComune(JsonNode association) => association["headquarters"]?["comune"]?.Text("istatCode");

    [Fact]
    public async Task Associations_filter_by_communities()
    {
        await AssertFilterAsync("associations", AssociationFields, """{ communities: ["al", "UA"] }""", a => HasAny(a, "communities", "AL", "UA"));
    }

    [Fact]
    public async Task Associations_filter_with_malformed_community_is_bad_user_input()
    {
        var response = await api.Query("""{ associations(filter: { communities: ["MAR"] }) { totalCount } }""");

        response.Error("BAD_USER_INPUT", "filter.communities", inMessage: true);
    }

    [Fact]
    public async Task Associations_filter_by_languages()
    {
        await AssertFilterAsync("associations", AssociationFields, """{ languages: ["ar"] }""", a => HasAny(a, "languages", "ar"));
    }

    [Fact]
    public async Task Associations_filter_by_activity_kinds()
    {
        await AssertFilterAsync("associations", AssociationFields, "{ activityKinds: [SPORT, RELIGION] }", a => HasAny(a, "activityKinds", "SPORT", "RELIGION"));
    }

    [Fact]
    public async Task Associations_filter_by_comune_matches_headquarters_or_areas()
    {
        // Sesto Fiorentino (048043) has no headquarters but lies in a province some associations declare as their area.
        await AssertFilterAsync("associations", AssociationFields, """{ comune: "048043" }""",
            a => HeadquartersComune(a) == "048043" || Areas(a).Contains("048043") || Areas(a).Contains("048"));
    }

    [Theory]
    [InlineData("047")]
    [InlineData("PT")]
    public async Task Associations_filter_by_province_matches_headquarters_or_areas(string province)
    {
        await AssertFilterAsync("associations", AssociationFields, "{ province: $p }",
            a => a["headquarters"]?["comune"]?["province"]?.Text("istatCode") == "047"
                || Areas(a).Any(x => x == "047" || (x.Length == 6 && x.StartsWith("047", StringComparison.Ordinal))),
            "($p: String)", new { p = province });
    }

    // Councils

    private const string CouncilFields = "kind status comune { istatCode province { istatCode } } province { istatCode }";

    [Fact]
    public async Task Councils_filter_by_comune()
    {
        await AssertFilterAsync("councils", CouncilFields, """{ comune: "100005" }""", c => c["comune"]?.Text("istatCode") == "100005");
    }

    [Theory]
    [InlineData("049", "049")]
    [InlineData("LI", "049")]
    [InlineData("PI", "050")]
    public async Task Councils_filter_by_province_includes_its_comuni(string province, string code)
    {
        await AssertFilterAsync("councils", CouncilFields, "{ province: $p }",
            c => c["province"]?.Text("istatCode") == code || c["comune"]?["province"]?.Text("istatCode") == code,
            "($p: String)", new { p = province });
    }

    [Fact]
    public async Task Councils_filter_by_status()
    {
        await AssertFilterAsync("councils", CouncilFields, "{ status: [EXPIRED, DISSOLVED] }", c => c.Text("status") is "EXPIRED" or "DISSOLVED");
    }

    [Fact]
    public async Task Councils_filter_by_kinds()
    {
        await AssertFilterAsync("councils", CouncilFields, "{ kinds: [ADDITIONAL_COUNCILLOR] }", c => c.Text("kind") == "ADDITIONAL_COUNCILLOR");
    }

    // Territory arguments

    [Theory]
    [InlineData("services")]
    [InlineData("organizations")]
    [InlineData("associations")]
    [InlineData("councils")]
    public async Task Unknown_comune_in_a_filter_is_bad_user_input(string field)
    {
        var response = await api.Query($$"""{ {{field}}(filter: { comune: "999999" }) { totalCount } }""");

        response.Error("BAD_USER_INPUT", "filter.comune");
    }

    [Theory]
    [InlineData("services")]
    [InlineData("organizations")]
    [InlineData("associations")]
    [InlineData("councils")]
    public async Task Malformed_comune_in_a_filter_is_bad_user_input(string field)
    {
        var response = await api.Query($$"""{ {{field}}(filter: { comune: "Firenze" }) { totalCount } }""");

        response.Error("BAD_USER_INPUT", "filter.comune", inMessage: true);
    }

    [Theory]
    [InlineData("services", "ZZ")]
    [InlineData("organizations", "999")]
    [InlineData("associations", "Firenze")]
    [InlineData("councils", "ZZ")]
    public async Task Unknown_province_in_a_filter_is_bad_user_input(string field, string province)
    {
        var response = await api.Query($"query($p: String) {{ {field}(filter: {{ province: $p }}) {{ totalCount }} }}", new { p = province });

        response.Error("BAD_USER_INPUT", "filter.province");
    }

    // Ordering

    [Theory]
    [InlineData("services", "name")]
    [InlineData("organizations", "name")]
    [InlineData("procedures", "title")]
    [InlineData("associations", "name")]
    [InlineData("councils", "name")]
    public async Task Order_by_name_desc_reverses_name_asc(string field, string name)
    {
        var asc = (await ListAsync(field, "id " + name, "orderBy: { field: NAME, direction: ASC }")).Select(n => n.Text("id")).ToList();
        var desc = (await ListAsync(field, "id " + name, "orderBy: { field: NAME, direction: DESC }")).Select(n => n.Text("id")).ToList();
        var byDefault = (await ListAsync(field, "id " + name)).Select(n => n.Text("id")).ToList();

        Assert.True(asc.Count > 1);
        Assert.Equal(asc, byDefault);
        Assert.Equal(Enumerable.Reverse(asc), desc);
    }

    [Fact]
    public async Task Order_by_name_sorts_by_name()
    {
        var names = (await ListAsync("services", "name", "orderBy: { field: NAME }")).Select(n => n.Text("name")).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Order_by_updated_at_desc_reverses_updated_at_asc()
    {
        var asc = (await ListAsync("services", "id", "orderBy: { field: UPDATED_AT, direction: ASC }")).Select(n => n.Text("id")).ToList();
        var desc = (await ListAsync("services", "id", "orderBy: { field: UPDATED_AT, direction: DESC }")).Select(n => n.Text("id")).ToList();

        Assert.Equal(Enumerable.Reverse(asc), desc);
    }

    [Fact]
    public async Task Paging_follows_a_descending_order()
    {
        var desc = (await ListAsync("organizations", "id", "orderBy: { field: NAME, direction: DESC }")).Select(n => n.Text("id")).ToList();
        var first = (await api.Query("{ organizations(first: 5, orderBy: { field: NAME, direction: DESC }) { pageInfo { endCursor } nodes { id } } }")).Ok()["organizations"]!;

        var second = (await api.Query(
            "query($after: String) { organizations(first: 5, after: $after, orderBy: { field: NAME, direction: DESC }) { nodes { id } } }",
            new { after = first["pageInfo"].Text("endCursor") })).Ok();

        Assert.Equal(desc.Take(10), first["nodes"]!.AsArray().Texts("id").Concat(second.Nodes("organizations").Texts("id")));
    }
}
