using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.ApiTests;

/// <summary>
/// Service filters for a portal: categories with their descendants (any or all), age against the eligible age range,
/// and wheelchair access; each keeps exactly the services the rule keeps, as computed here from the unfiltered list.
/// </summary>
public sealed class ServiceCategoryAudienceFilterTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string Fields = """
        id minimumAge maximumAge
        categories { code parent { code } }
        locations { wheelchairAccessible withdrawnAt }
        """;

    private async Task<List<JsonNode>> AllAsync()
    {
        var data = (await api.Query($"{{ services(first: 100) {{ totalCount nodes {{ {Fields} }} }} }}")).Ok();
        var nodes = data.Nodes("services").Select(n => n!).ToList();
        Assert.Equal(nodes.Count, data["services"]!["totalCount"]!.GetValue<int>());
        return nodes;
    }

    private async Task AssertFilterAsync(string filter, Func<JsonNode, bool> matches)
    {
        var all = await AllAsync();
        var expected = all.Where(matches).Select(n => n.Text("id")).ToList();
        ApiAssert.Discriminates(expected, all.Count);

        var data = (await api.Query($"{{ services(first: 100, filter: {filter}) {{ totalCount nodes {{ id }} }} }}")).Ok();

        ApiAssert.SameSet(expected, data.Nodes("services").Texts("id"));
        Assert.Equal(expected.Count, data["services"]!["totalCount"]!.GetValue<int>());
    }

    /// <summary>Whether the service is filed under the category or one of its children (the taxonomy has two levels).</summary>
    private static bool FiledUnder(JsonNode service, string code) =>
        service["categories"]!.AsArray().Any(c => c.Text("code") == code || c!["parent"]?["code"]?.GetValue<string>() == code);

    private static bool Admits(JsonNode service, int age) =>
        (service["minimumAge"]?.GetValue<int>() ?? int.MinValue) <= age && age <= (service["maximumAge"]?.GetValue<int>() ?? int.MaxValue);

    [Fact]
    public async Task A_parent_category_finds_the_services_filed_under_its_children()
    {
        var all = await AllAsync();
        Assert.Contains(all, s => s["categories"]!.AsArray().Any(c => c!["parent"]?["code"]?.GetValue<string>() == "education"));
        Assert.DoesNotContain(all, s => s["categories"]!.AsArray().Any(c => c.Text("code") == "education"));

        await AssertFilterAsync("""{ categories: ["education"] }""", s => FiledUnder(s, "education"));
    }

    [Fact]
    public async Task Several_categories_match_any_by_default()
    {
        await AssertFilterAsync("""{ categories: ["education", "legal.work-permit"] }""", s => FiledUnder(s, "education") || FiledUnder(s, "legal.work-permit"));
        await AssertFilterAsync("""{ categories: ["education", "legal.work-permit"], categoryMatch: ANY }""", s => FiledUnder(s, "education") || FiledUnder(s, "legal.work-permit"));
    }

    [Fact]
    public async Task Categories_with_match_all_need_every_one_each_with_its_descendants()
    {
        var all = await AllAsync();
        // A parent and a child of another parent that some, but not all, services of the first have.
        var pair = all
            .SelectMany(s => s["categories"]!.AsArray().Select(c => c!["parent"]?["code"]?.GetValue<string>()).OfType<string>()
                .SelectMany(parent => s["categories"]!.AsArray().Select(c => c.Text("code")).Where(code => !code.StartsWith(parent + ".", StringComparison.Ordinal) && code != parent)
                    .Select(code => (Parent: parent, Code: code))))
            .First(p => all.Any(s => FiledUnder(s, p.Parent) && !FiledUnder(s, p.Code)));

        await AssertFilterAsync(
            $$"""{ categories: ["{{pair.Parent}}", "{{pair.Code}}"], categoryMatch: ALL }""",
            s => FiledUnder(s, pair.Parent) && FiledUnder(s, pair.Code));
    }

    [Fact]
    public async Task Unknown_category_codes_are_bad_user_input()
    {
        var response = await api.Query("""{ services(filter: { categories: ["legal.work-permit", "no.such.code"] }) { totalCount } }""");

        var error = response.Error("BAD_USER_INPUT", "filter.categories");
        Assert.Contains("no.such.code", error.Text("message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(20)]
    public async Task Age_keeps_services_whose_bounds_admit_it_inclusive_and_open_when_missing(int age)
    {
        await AssertFilterAsync($"{{ age: {age} }}", s => Admits(s, age));
    }

    [Fact]
    public async Task Both_age_bounds_are_inclusive()
    {
        var all = await AllAsync();
        var teenagers = all.First(s => s["minimumAge"]?.GetValue<int>() == 14 && s["maximumAge"]?.GetValue<int>() == 19).Text("id");

        async Task<List<string>> Ids(int age) =>
            (await api.Query($"{{ services(first: 100, filter: {{ age: {age} }}) {{ nodes {{ id }} }} }}")).Ok().Nodes("services").Texts("id");

        Assert.DoesNotContain(teenagers, await Ids(13));
        Assert.Contains(teenagers, await Ids(14));
        Assert.Contains(teenagers, await Ids(19));
        Assert.DoesNotContain(teenagers, await Ids(20));
        Assert.Equal(all.Count, (await Ids(19)).Count);
    }

    [Fact]
    public async Task The_seeded_ages_exercise_both_bounds_and_open_bounds()
    {
        var all = await AllAsync();

        Assert.Contains(all, s => s["minimumAge"] is not null && s["maximumAge"] is not null);
        Assert.Contains(all, s => s["minimumAge"] is not null && s["maximumAge"] is null);
        Assert.Contains(all, s => s["minimumAge"] is null && s["maximumAge"] is null);
        Assert.Contains(all, s => s["minimumAge"]?.GetValue<int>() == 14 && s["maximumAge"]?.GetValue<int>() == 19);
    }

    [Fact]
    public async Task Wheelchair_accessible_keeps_services_with_a_current_accessible_location()
    {
        await AssertFilterAsync("{ wheelchairAccessible: true }", s => s["locations"]!.AsArray().Any(l => l!["wheelchairAccessible"]?.GetValue<bool>() == true && l["withdrawnAt"] is null));
    }

    [Fact]
    public async Task New_filters_combine_with_the_others()
    {
        await AssertFilterAsync("""{ categories: ["education"], age: 15 }""", s => FiledUnder(s, "education") && Admits(s, 15));
    }

    [Theory]
    [InlineData("{ age: -1 }", "filter.age")]
    [InlineData("{ age: 151 }", "filter.age")]
    [InlineData("{ wheelchairAccessible: false }", "filter.wheelchairAccessible")]
    [InlineData("{ categories: [\"nope\"] }", "filter.categories")]
    public async Task Bad_filter_values_are_bad_user_input(string filter, string argument)
    {
        var response = await api.Query($"{{ services(filter: {filter}) {{ totalCount facets {{ free }} }} }}");

        response.Error("BAD_USER_INPUT", argument, inMessage: argument != "filter.categories");
    }
}
