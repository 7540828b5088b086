using System.Text.Json.Nodes;

namespace Directory.Tests.Search;

/// <summary>What <c>search</c> finds on the root lists, and in which order.</summary>
public sealed class TextSearchTests(SearchApiFactory search) : IClassFixture<SearchApiFactory>
{
    private int Id(string role) => search.Services[role];

    [Theory]
    [InlineData("citta ventosa")]
    [InlineData("città ventosa")]
    [InlineData("CITTÀ VENTOSA")]
    [InlineData("Citta' Ventosa")]
    public async Task Accents_and_case_are_ignored_in_the_query_against_accented_data(string text)
    {
        Assert.Equal([Id("accented")], await search.ServiceIdsAsync(text));
    }

    [Theory]
    [InlineData("città piovosa")]
    [InlineData("CITTÀ PIOVOSA")]
    [InlineData("citta piovosa")]
    public async Task Accents_and_case_are_ignored_in_the_data_against_the_query(string text)
    {
        Assert.Equal([Id("unaccented")], await search.ServiceIdsAsync(text));
    }

    [Fact]
    public async Task Each_word_matches_as_a_prefix_and_all_words_must_match()
    {
        Assert.Equal([Id("accented")], await search.ServiceIdsAsync("uff vent"));
        Assert.Equal([Id("accented")], await search.ServiceIdsAsync("Città Vent"));
        var both = await search.ServiceIdsAsync("citt");
        Assert.Contains(Id("accented"), both);
        Assert.Contains(Id("unaccented"), both);
        Assert.Empty(await search.ServiceIdsAsync("ventosa piovosa"));
    }

    [Fact]
    public async Task Typed_prefixes_find_demo_italian_courses()
    {
        var data = (await search.Query("""{ services(first: 10, search: "cors ital") { searchMode nodes { name } } }""")).Ok();
        Assert.Equal("EXACT", data["services"]!["searchMode"]!.GetValue<string>());
        var names = data["services"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(names);
        Assert.Contains(names, n => n.StartsWith("Corsi di italiano per adulti stranieri", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Translations_are_searched_in_every_language()
    {
        Assert.Equal([Id("translated")], await search.ServiceIdsAsync("wombat language"));

        // Demo data: the CPIA courses are "Italian language courses" only in the English translation of their category,
        // and "course" only in English descriptions.
        var data = (await search.Query("""{ services(first: 20, search: "language course") { nodes { name } } }""")).Ok();
        var names = data["services"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(names, n => n.StartsWith("Corsi di italiano per adulti stranieri – CPIA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_organization_name_of_a_service_is_searched()
    {
        var ids = await search.ServiceIdsAsync("zibibbo");
        var listed = search.Services.Where(s => s.Key != "sunflower nearest, inactive").Select(s => s.Value).ToList();
        Assert.Equal(listed.Count, ids.Count);
        Assert.All(listed, id => Assert.Contains(id, ids));
    }

    [Fact]
    public async Task A_name_match_ranks_above_a_description_match()
    {
        Assert.Equal([Id("saffron in name"), Id("saffron in description")], await search.ServiceIdsAsync("zafferano"));
    }

    [Fact]
    public async Task An_explicit_order_wins_over_relevance()
    {
        Assert.Equal([Id("saffron in name"), Id("saffron in description")], await search.ServiceIdsAsync("zafferano", ", orderBy: { field: NAME }"));
        Assert.Equal([Id("saffron in description"), Id("saffron in name")], await search.ServiceIdsAsync("zafferano", ", orderBy: { field: NAME, direction: DESC }"));
    }

    [Theory]
    [InlineData("italaino")]
    [InlineData("italaini adulti")]
    public async Task A_misspelt_word_falls_back_to_approximate_matching(string text)
    {
        var data = (await search.Query("query($s: String) { services(first: 50, search: $s) { searchMode totalCount nodes { name } } }", new { s = text })).Ok();
        Assert.Equal("APPROXIMATE", data["services"]!["searchMode"]!.GetValue<string>());
        var names = data["services"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(names, n => n.StartsWith("Corsi di italiano per adulti stranieri", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_misspelt_organization_name_is_found_on_services_and_organizations()
    {
        var services = (await search.Query("""{ services(first: 50, search: "prefetura firenze") { searchMode nodes { name organization { name } } } }""")).Ok();
        Assert.Equal("APPROXIMATE", services["services"]!["searchMode"]!.GetValue<string>());
        var nodes = services["services"]!["nodes"]!.AsArray();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, n => Assert.Contains("Firenze", n!["organization"]!["name"]!.GetValue<string>() + n["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains(nodes, n => n!["organization"]!["name"]!.GetValue<string>().StartsWith("Prefettura", StringComparison.Ordinal));

        var organizations = (await search.Query("""{ organizations(first: 50, search: "prefetura") { searchMode nodes { name } } }""")).Ok();
        Assert.Equal("APPROXIMATE", organizations["organizations"]!["searchMode"]!.GetValue<string>());
        var names = organizations["organizations"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.StartsWith("Prefettura", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Words_too_far_from_anything_find_nothing()
    {
        var data = (await search.Query("""{ services(first: 5, search: "qwzkfj") { searchMode totalCount nodes { id } } }""")).Ok();
        Assert.Equal(0, data["services"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("APPROXIMATE", data["services"]!["searchMode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_search_the_mode_is_null()
    {
        var data = (await search.Query("{ services(first: 1) { searchMode } }")).Ok();
        Assert.Null(data["services"]!["searchMode"]);
    }

    [Fact]
    public async Task Search_combines_with_filters()
    {
        var org = SearchApiFactory.GlobalId("Organization", search.OrganizationId);
        Assert.Equal([Id("sunflower far, in name")], await search.ServiceIdsAsync("girasole", ", filter: { isFree: true }"));
        Assert.Equal([Id("sunflower far, in name"), Id("sunflower near, in description")], await search.ServiceIdsAsync("girasole", $", filter: {{ organization: \"{org}\" }}"));
        Assert.Empty(await search.ServiceIdsAsync("girasole", ", filter: { comune: \"100005\" }"));
    }

    [Fact]
    public async Task Search_near_a_point_ranks_by_distance_unless_asked_for_relevance()
    {
        const string Query = """
            query($s: String, $rank: SearchRanking) {
              services(first: 10, search: $s, near: { latitude: 43.7696, longitude: 11.2558, radiusKm: 10 }, rankBy: $rank) {
                totalCount edges { distanceKm node { id } }
              }
            }
            """;
        var near = Id("sunflower near, in description");
        var far = Id("sunflower far, in name");

        foreach (var rank in new[] { null, "DISTANCE" })
        {
            var edges = (await search.Query(Query, new { s = "girasole", rank })).Ok()["services"]!["edges"]!.AsArray();
            Assert.Equal([near, far], edges.Select(e => SearchApiFactory.Key(e!["node"]!["id"])));
            Assert.InRange(edges[0]!["distanceKm"]!.GetValue<double>(), 0.9, 1.1);
            Assert.InRange(edges[1]!["distanceKm"]!.GetValue<double>(), 4.9, 5.1);
        }

        // Without totalCount the page is read nearest first from the spatial index, the matches kept in memory: the
        // inactive match nearer than both is still left out.
        var page = (await search.Query("""
            { services(first: 10, search: "girasole", near: { latitude: 43.7696, longitude: 11.2558, radiusKm: 10 }) { edges { node { id } } } }
            """)).Ok()["services"]!["edges"]!.AsArray();
        Assert.Equal([near, far], page.Select(e => SearchApiFactory.Key(e!["node"]!["id"])));

        var byRelevance = (await search.Query(Query, new { s = "girasole", rank = "RELEVANCE" })).Ok()["services"]!;
        var relevanceEdges = byRelevance["edges"]!.AsArray();
        Assert.Equal([far, near], relevanceEdges.Select(e => SearchApiFactory.Key(e!["node"]!["id"])));
        Assert.NotNull(relevanceEdges[0]!["distanceKm"]);
        Assert.Equal(2, byRelevance["totalCount"]!.GetValue<int>());

        // A radius that leaves out the far one.
        var close = (await search.Query("""{ services(search: "girasole", near: { latitude: 43.7696, longitude: 11.2558, radiusKm: 2 }, rankBy: RELEVANCE) { nodes { id } } }""")).Ok();
        Assert.Equal([near], close["services"]!["nodes"]!.AsArray().Select(n => SearchApiFactory.Key(n!["id"])));
    }

    [Fact]
    public async Task Search_within_an_area_is_by_relevance()
    {
        var data = (await search.Query("""
            { services(search: "girasole", within: { boundingBox: { south: 43.7, west: 11.2, north: 43.9, east: 11.3 } }) { nodes { id } } }
            """)).Ok();
        Assert.Equal([Id("sunflower far, in name"), Id("sunflower near, in description")], data["services"]!["nodes"]!.AsArray().Select(n => SearchApiFactory.Key(n!["id"])));
    }

    [Fact]
    public async Task Paging_through_relevance_order_has_no_duplicates_or_gaps()
    {
        var all = await search.ServiceIdsAsync("tartufo");
        Assert.Equal(23, all.Count);

        // More "tartufo" in a description of the same length ranks higher; the ranks really differ.
        Assert.NotEqual(all.Order().ToList(), all);

        var paged = new List<int>();
        string? after = null;
        var total = 0;
        for (var pages = 0; pages < 10; pages++)
        {
            var connection = (await search.Query(
                "query($after: String) { services(first: 5, after: $after, search: \"tartufo\") { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }",
                new { after })).Ok()["services"]!;
            total = connection["totalCount"]!.GetValue<int>();
            paged.AddRange(connection["nodes"]!.AsArray().Select(n => SearchApiFactory.Key(n!["id"])));
            if (!connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }

            after = connection["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.Equal(23, total);
        Assert.Equal(all, paged);

        // Backwards from the end gives the same tail.
        var last = (await search.Query("{ services(last: 4, search: \"tartufo\") { nodes { id } } }")).Ok()["services"]!["nodes"]!.AsArray();
        Assert.Equal(all.TakeLast(4), last.Select(n => SearchApiFactory.Key(n!["id"])));
    }

    [Fact]
    public async Task Paging_near_a_point_by_relevance_has_no_duplicates_or_gaps()
    {
        const string Query = """
            query($after: String) {
              services(first: 1, after: $after, search: "girasole", near: { latitude: 43.7696, longitude: 11.2558 }, rankBy: RELEVANCE) {
                pageInfo { hasNextPage endCursor } nodes { id }
              }
            }
            """;
        var first = (await search.Query(Query, new { after = (string?)null })).Ok()["services"]!;
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var second = (await search.Query(Query, new { after = first["pageInfo"]!["endCursor"]!.GetValue<string>() })).Ok()["services"]!;
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(
            [Id("sunflower far, in name"), Id("sunflower near, in description")],
            new[] { first, second }.Select(c => SearchApiFactory.Key(c["nodes"]![0]!["id"])));
    }

    [Fact]
    public async Task Query_syntax_in_user_text_is_searched_as_words()
    {
        foreach (var text in new[] { "zafferano\"", "\"zafferano", "zafferano*", "(zafferano)", "-zafferano", "zafferano:", "{zafferano}", "^zafferano" })
        {
            Assert.Equal([Id("saffron in name"), Id("saffron in description")], await search.ServiceIdsAsync(text));
        }

        foreach (var text in new[] { "NEAR(zafferano corso)", "zafferano AND corso", "zafferano OR xyzzy", "NOT zafferano", "corso NEAR zafferano", "name:zafferano" })
        {
            var response = await search.Query("query($s: String) { services(search: $s) { totalCount } }", new { s = text });
            response.Ok();
        }

        // "OR" is a word to find, not an operator: nothing has "xyzzy", so nothing matches.
        Assert.DoesNotContain(Id("saffron in name"), await search.ServiceIdsAsync("zafferano OR xyzzy"));
    }

    [Fact]
    public async Task Every_list_can_be_searched()
    {
        async Task<List<string>> Names(string field, string name, string text)
        {
            var data = (await search.Query($"query($s: String) {{ {field}(first: 50, search: $s) {{ searchMode nodes {{ {name} }} }} }}", new { s = text })).Ok();
            Assert.Equal("EXACT", data[field]!["searchMode"]!.GetValue<string>());
            return data[field]!["nodes"]!.AsArray().Select(n => n![name]!.GetValue<string>()).ToList();
        }

        Assert.Equal(["Ente di prova zibibbo"], await Names("organizations", "name", "zibib"));
        Assert.Contains("Ricongiungimento familiare: nulla osta e visto per i familiari", await Names("procedures", "title", "ricongiungimento"));

        // A step title only ("Chiedere il certificato di idoneità alloggiativa").
        Assert.Equal(["Ricongiungimento familiare: nulla osta e visto per i familiari"], await Names("procedures", "title", "idoneita alloggiativa"));
        Assert.Equal(["Kalyna – comunità ucraina di Arezzo (associazione dimostrativa)"], await Names("associations", "name", "kalyna"));
        Assert.Equal(["Consiglio dei cittadini stranieri del Comune di Prato (dimostrativo)"], await Names("councils", "name", "consiglio prato"));
    }
}
