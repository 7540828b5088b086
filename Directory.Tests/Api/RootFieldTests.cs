using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.ApiTests;

/// <summary>Every root field answers from the seeded data; single-object fields find what the lists list.</summary>
public sealed class RootFieldTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Theory]
    [InlineData("services", "name")]
    [InlineData("organizations", "name")]
    [InlineData("procedures", "title")]
    [InlineData("associations", "name")]
    [InlineData("councils", "name")]
    public async Task List_fields_return_the_demo_records(string field, string nameField)
    {
        var data = (await api.Query($"{{ {field}(first: 100) {{ totalCount nodes {{ id {nameField} }} }} }}")).Ok();

        var nodes = data.Nodes(field);
        Assert.NotEmpty(nodes);
        Assert.Equal(nodes.Count, data[field]!["totalCount"]!.GetValue<int>());
        Assert.All(nodes, n => Assert.False(string.IsNullOrWhiteSpace(n.Text(nameField))));
    }

    [Theory]
    [InlineData("services", "service", "name")]
    [InlineData("organizations", "organization", "name")]
    [InlineData("procedures", "procedure", "title")]
    [InlineData("associations", "association", "name")]
    [InlineData("councils", "council", "name")]
    public async Task Single_fields_return_the_object_with_the_given_id(string list, string one, string nameField)
    {
        var last = (await api.Query($"{{ {list}(last: 1) {{ nodes {{ id {nameField} }} }} }}")).Ok().Nodes(list).Single()!;

        var found = (await api.Query($"query($id: ID!) {{ {one}(id: $id) {{ id {nameField} }} }}", new { id = last.Text("id") })).Ok()[one]!;

        Assert.Equal(last.Text("id"), found.Text("id"));
        Assert.Equal(last.Text(nameField), found.Text(nameField));
    }

    [Fact]
    public async Task Procedure_is_found_by_slug()
    {
        var data = (await api.Query("""{ procedure(slug: "ricongiungimento-familiare") { slug title status } }""")).Ok();

        Assert.Equal("ricongiungimento-familiare", data["procedure"].Text("slug"));
        Assert.Equal("PUBLISHED", data["procedure"].Text("status"));
    }

    [Fact]
    public async Task Procedure_by_slug_and_by_id_is_the_same_guide()
    {
        var bySlug = (await api.Query("""{ procedure(slug: "accordo-di-integrazione") { id title } }""")).Ok()["procedure"]!;

        var byId = (await api.Query("query($id: ID) { procedure(id: $id) { id title } }", new { id = bySlug.Text("id") })).Ok()["procedure"]!;

        Assert.Equal(bySlug.Text("title"), byId.Text("title"));
    }

    [Fact]
    public async Task Procedure_with_both_id_and_slug_is_bad_user_input()
    {
        var id = (await api.Query("{ procedures(first: 1) { nodes { id slug } } }")).Ok().Nodes("procedures")[0]!;

        var response = await api.Query("query($id: ID, $slug: String) { procedure(id: $id, slug: $slug) { id } }", new { id = id.Text("id"), slug = id.Text("slug") });

        response.Error("BAD_USER_INPUT");
        Assert.Null(response.Data?["procedure"]);
    }

    [Fact]
    public async Task Procedure_with_neither_id_nor_slug_is_bad_user_input()
    {
        var response = await api.Query("{ procedure { id } }");

        response.Error("BAD_USER_INPUT");
    }

    [Fact]
    public async Task Procedure_with_unknown_slug_is_not_found()
    {
        var response = await api.Query("""{ procedure(slug: "no-such-guide") { id } }""");

        response.Error("NOT_FOUND", "slug");
    }

    [Fact]
    public async Task Comuni_search_puts_exact_match_first()
    {
        var data = (await api.Query("""{ comuni(search: "Massa", first: 3) { totalCount nodes { name istatCode } } }""")).Ok();

        var nodes = data.Nodes("comuni");
        Assert.Equal(3, nodes.Count);
        Assert.Equal("Massa", nodes[0].Text("name"));
        Assert.Equal("045010", nodes[0].Text("istatCode"));
        Assert.All(nodes, n => Assert.Contains("massa", n.Text("name").ToLowerInvariant(), StringComparison.Ordinal));
        Assert.True(data["comuni"]!["totalCount"]!.GetValue<int>() > 3, "Several comuni have Massa in their name");
    }

    [Fact]
    public async Task Comuni_search_ignores_accents_and_case()
    {
        var data = (await api.Query("""{ comuni(search: "AGLIE", first: 5) { nodes { name } } }""")).Ok();

        Assert.Contains("Agliè", data.Nodes("comuni").Texts("name"));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("Mass%")]
    public async Task Comuni_search_treats_wildcards_as_plain_characters(string search)
    {
        var data = (await api.Query("query($s: String) { comuni(search: $s) { totalCount } }", new { s = search })).Ok();

        Assert.Equal(0, data["comuni"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Comuni_search_matches_a_typographic_apostrophe()
    {
        var data = (await api.Query("""{ comuni(search: "L’Aquila", first: 1) { nodes { name istatCode } } }""")).Ok();

        Assert.Equal("L'Aquila", data.Nodes("comuni").Single().Text("name"));
    }

    [Fact]
    public async Task Comuni_search_longer_than_one_hundred_characters_is_bad_user_input()
    {
        var response = await api.Query("query($s: String) { comuni(search: $s) { totalCount } }", new { s = new string('a', 101) });

        response.Error("BAD_USER_INPUT", "search", inMessage: true);
    }

    [Fact]
    public async Task Comuni_filter_by_region()
    {
        var data = (await api.Query("""{ comuni(region: "09", first: 100) { totalCount nodes { province { region { istatCode } } } } }""")).Ok();

        Assert.Equal(273, data["comuni"]!["totalCount"]!.GetValue<int>());
        Assert.All(data.Nodes("comuni"), c => Assert.Equal("09", c!["province"]!["region"].Text("istatCode")));
    }

    [Theory]
    [InlineData("045")]
    [InlineData("MS")]
    [InlineData("ms")]
    public async Task Comuni_filter_by_province_code_or_abbreviation(string province)
    {
        var data = (await api.Query("query($p: String) { comuni(province: $p, first: 100) { totalCount nodes { istatCode province { abbreviation } } } }", new { p = province })).Ok();

        var nodes = data.Nodes("comuni");
        Assert.Equal(17, data["comuni"]!["totalCount"]!.GetValue<int>());
        Assert.All(nodes, n => Assert.Equal("MS", n!["province"].Text("abbreviation")));
        Assert.All(nodes, n => Assert.StartsWith("045", n.Text("istatCode"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Comuni_filter_by_unknown_province_is_bad_user_input()
    {
        var response = await api.Query("""{ comuni(province: "ZZ") { totalCount } }""");

        response.Error("BAD_USER_INPUT", "province");
    }

    [Fact]
    public async Task Comune_is_found_by_istat_code()
    {
        var data = (await api.Query("""{ comune(istatCode: "048017") { istatCode name cadastralCode province { abbreviation region { name } } } }""")).Ok();

        Assert.Equal("Firenze", data["comune"].Text("name"));
        Assert.Equal("D612", data["comune"].Text("cadastralCode"));
        Assert.Equal("FI", data["comune"]!["province"].Text("abbreviation"));
        Assert.Equal("Toscana", data["comune"]!["province"]!["region"].Text("name"));
    }

    [Fact]
    public async Task Comune_with_unknown_six_digit_code_is_not_found()
    {
        var response = await api.Query("""{ comune(istatCode: "999999") { name } }""");

        response.Error("NOT_FOUND", "istatCode");
        Assert.Null(response.Data?["comune"]);
    }

    [Theory]
    [InlineData("12a")]
    [InlineData("48017")]
    [InlineData("0480170")]
    [InlineData("")]
    public async Task Comune_with_malformed_code_is_bad_user_input(string code)
    {
        var response = await api.Query("query($c: String!) { comune(istatCode: $c) { name } }", new { c = code });

        response.Error("BAD_USER_INPUT", "istatCode");
    }

    [Fact]
    public async Task Provinces_filter_by_region()
    {
        var data = (await api.Query("""{ provinces(region: "09", first: 100) { totalCount nodes { abbreviation region { istatCode } } } }""")).Ok();

        var nodes = data.Nodes("provinces");
        ApiAssert.SameSet(["AR", "FI", "GR", "LI", "LU", "MS", "PI", "PO", "PT", "SI"], nodes.Texts("abbreviation"));
        Assert.All(nodes, n => Assert.Equal("09", n!["region"].Text("istatCode")));
        Assert.Equal(10, data["provinces"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Provinces_without_region_list_all_of_italy()
    {
        var data = (await api.Query("{ provinces(first: 1) { totalCount } }")).Ok();

        Assert.True(data["provinces"]!["totalCount"]!.GetValue<int>() > 100);
    }

    [Fact]
    public async Task Provinces_with_unknown_region_is_bad_user_input()
    {
        var response = await api.Query("""{ provinces(region: "99") { totalCount } }""");

        response.Error("BAD_USER_INPUT", "region");
    }

    [Fact]
    public async Task Regions_lists_the_twenty_regions_by_name()
    {
        var data = (await api.Query("{ regions(first: 100) { totalCount nodes { name istatCode } } }")).Ok();

        var names = data.Nodes("regions").Texts("name");
        Assert.Equal(20, data["regions"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(20, names.Count);
        Assert.Equal("Abruzzo", names[0]);
        Assert.Contains("Toscana", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Categories_without_parent_are_the_top_of_the_tree()
    {
        var data = (await api.Query("{ categories(first: 100) { totalCount nodes { code parent { code } children { code parent { code } } } } }")).Ok();

        var nodes = data.Nodes("categories");
        Assert.NotEmpty(nodes);
        Assert.Contains("information", nodes.Texts("code"));
        Assert.All(nodes, n =>
        {
            Assert.Null(n!["parent"]);
            Assert.DoesNotContain('.', n.Text("code"));
        });
        var children = nodes.SelectMany(n => n!["children"]!.AsArray()).ToList();
        Assert.NotEmpty(children);
        Assert.All(nodes, n => Assert.All(n!["children"]!.AsArray(), child =>
        {
            Assert.Equal(n.Text("code"), child!["parent"].Text("code"));
            Assert.StartsWith(n.Text("code") + ".", child.Text("code"), StringComparison.Ordinal);
        }));
    }

    [Fact]
    public async Task Categories_with_parent_list_its_children()
    {
        var top = (await api.Query("""{ category(code: "information") { children { code } } }""")).Ok()["category"]!["children"]!.AsArray().Texts("code");

        var data = (await api.Query("""{ categories(parent: "information", first: 100) { totalCount nodes { code parent { code } } } }""")).Ok();

        Assert.NotEmpty(top);
        Assert.Equal(top, data.Nodes("categories").Texts("code"));
        Assert.All(data.Nodes("categories"), n => Assert.Equal("information", n!["parent"].Text("code")));
    }

    [Fact]
    public async Task Categories_with_unknown_parent_is_bad_user_input()
    {
        var response = await api.Query("""{ categories(parent: "no.such.code") { totalCount } }""");

        response.Error("BAD_USER_INPUT", "parent");
    }

    [Fact]
    public async Task Category_is_found_by_code_with_its_parent()
    {
        var data = (await api.Query("""{ category(code: "information.migrant-desk") { code name parent { code } children { code } } }""")).Ok();

        Assert.Equal("information.migrant-desk", data["category"].Text("code"));
        Assert.Equal("Sportello informativo per stranieri", data["category"].Text("name"));
        Assert.Equal("information", data["category"]!["parent"].Text("code"));
        Assert.Empty(data["category"]!["children"]!.AsArray());
    }

    [Fact]
    public async Task Category_with_unknown_code_is_not_found()
    {
        var response = await api.Query("""{ category(code: "no.such.code") { code } }""");

        response.Error("NOT_FOUND", "code");
    }

    private const string Record = "provenance { source isDemo }";

    [Theory]
    [InlineData("services", $"{Record} requiredDocuments {{ {Record} }} phones {{ {Record} }}")]
    [InlineData("services", $"{Record} serviceAtLocations {{ {Record} schedules {{ {Record} }} }}")]
    [InlineData("services", $"{Record} serviceAtLocations {{ {Record} specialHours {{ {Record} }} }}")]
    [InlineData("organizations", $"{Record} phones {{ {Record} }} locations {{ {Record} phones {{ {Record} }} }}")]
    [InlineData("procedures", $"{Record} steps {{ {Record} }} documents {{ {Record} }} costs {{ {Record} }} legalReferences {{ {Record} }}")]
    [InlineData("associations", $"{Record} phones {{ {Record} }} headquarters {{ {Record} }}")]
    [InlineData("councils", $"{Record} members {{ {Record} }} events {{ {Record} }} phones {{ {Record} }} location {{ {Record} }}")]
    public async Task Every_demo_record_says_it_is_demo_data(string field, string selection)
    {
        var data = (await api.Query($"{{ {field}(first: 100) {{ nodes {{ {selection} }} }} }}")).Ok();

        Assert.NotEmpty(data.Nodes(field));
        var provenances = data.Objects().Where(o => o.ContainsKey("provenance")).Select(o => o["provenance"]!).ToList();
        Assert.True(provenances.Count > data.Nodes(field).Count, $"Expected nested demo records under {field}");
        Assert.All(provenances, p =>
        {
            Assert.Equal("demo", p.Text("source"));
            Assert.True(p["isDemo"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task Service_lists_the_published_procedures_it_handles()
    {
        var data = (await api.Query("{ services(first: 100) { nodes { name procedures { slug status } } } }")).Ok();

        var procedures = data.Nodes("services").SelectMany(s => s!["procedures"]!.AsArray()).ToList();
        Assert.NotEmpty(procedures);
        Assert.All(procedures, p => Assert.Equal("PUBLISHED", p.Text("status")));
    }

    [Fact]
    public async Task Procedure_lists_the_services_that_handle_it_by_name()
    {
        var data = (await api.Query("""{ procedure(slug: "ricongiungimento-familiare") { services { name } } }""")).Ok();

        var names = data["procedure"]!["services"]!.AsArray().Texts("name");
        Assert.Contains("Sportello Unico per l'Immigrazione di Firenze", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Procedure_lists_related_procedures()
    {
        var data = (await api.Query("""{ procedure(slug: "ricongiungimento-familiare") { related { slug } } }""")).Ok();

        Assert.Contains("accordo-di-integrazione", data["procedure"]!["related"]!.AsArray().Texts("slug"));
    }

    [Fact]
    public async Task Geography_comes_from_istat_and_is_not_demo_data()
    {
        var data = (await api.Query("""
            { comuni(first: 5) { nodes { provenance { source isDemo } province { provenance { source isDemo } region { provenance { source isDemo } } } } } }
            """)).Ok();

        var provenances = data.Objects().Where(o => o.ContainsKey("provenance")).Select(o => o["provenance"]!).ToList();
        Assert.Equal(15, provenances.Count);
        Assert.All(provenances, p =>
        {
            Assert.Equal("istat", p.Text("source"));
            Assert.False(p["isDemo"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task Taxonomy_is_reference_data_not_demo_data()
    {
        var data = (await api.Query("{ categories(first: 100) { nodes { provenance { source isDemo } } } }")).Ok();

        Assert.All(data.Nodes("categories"), n =>
        {
            Assert.Equal("reference", n!["provenance"].Text("source"));
            Assert.False(n["provenance"]!["isDemo"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task Record_timestamps_are_utc()
    {
        var data = (await api.Query("{ services(first: 1) { nodes { createdAt updatedAt revision } } }")).Ok();

        var service = data.Nodes("services")[0]!;
        Assert.EndsWith("Z", service.Text("createdAt"), StringComparison.Ordinal);
        Assert.EndsWith("Z", service.Text("updatedAt"), StringComparison.Ordinal);
        Assert.True(service["revision"]!.GetValue<long>() >= 1);
    }
}
