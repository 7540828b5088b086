using Directory.Tests.Infrastructure;

namespace Directory.Tests.Search;

/// <summary>Bad search input is a BAD_USER_INPUT naming the argument at fault, never a 500 and never FTS syntax.</summary>
public sealed class SearchInputErrorTests(SearchApiFactory search) : IClassFixture<SearchApiFactory>
{
    private async Task AssertBadInputAsync(string field, string arguments, string argument, object? variables = null)
    {
        var declarations = variables is null ? "" : "($s: String)";
        var response = await search.Query($"query{declarations} {{ {field}(first: 5, {arguments}) {{ totalCount nodes {{ id }} }} }}", variables);
        Assert.Equal(200, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.ErrorCode());
        Assert.Equal(argument, response.Errors![0]!["extensions"]!["argument"]?.GetValue<string>());
        Assert.Null(response.Data?[field]);
    }

    public static TheoryData<string> Fields => new() { "services", "organizations", "procedures", "associations", "councils" };

    public static TheoryData<string, string> BadTexts => new()
    {
        { "services", "" },
        { "services", "   " },
        { "services", new string('a', 201) },
        { "services", "*** \"\" -- :: () ^ {}" },
        { "services", string.Join(' ', Enumerable.Range(1, 17).Select(i => "parola" + i)) },
        { "organizations", "" },
        { "procedures", "\t\n" },
        { "associations", "\"*\"" },
        { "councils", new string('x', 500) },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Blank_overlong_or_wordless_search_text_is_a_bad_user_input(string field, string text)
    {
        await AssertBadInputAsync(field, "search: $s", "search", new { s = text });
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task The_longest_accepted_search_text_is_answered(string field)
    {
        var text = string.Join(' ', Enumerable.Repeat("abcdefghijk", 16)) + new string('z', 200 - (16 * 12) + 1);
        Assert.Equal(200, text.Length);
        var response = await search.Query($"query($s: String) {{ {field}(search: $s) {{ totalCount }} }}", new { s = text });
        response.Ok();
    }

    [Theory]
    [InlineData("rankBy: RELEVANCE", "rankBy")]
    [InlineData("search: \"girasole\", rankBy: DISTANCE", "rankBy")]
    [InlineData("search: \"girasole\", rankBy: RELEVANCE, orderBy: { field: NAME }", "rankBy")]
    [InlineData("search: \"girasole\", near: { latitude: 43.7, longitude: 11.2 }, orderBy: { field: NAME }", "orderBy")]
    public async Task Contradictory_ordering_is_a_bad_user_input(string arguments, string argument)
    {
        await AssertBadInputAsync("services", arguments, argument);
    }

    [Fact]
    public async Task A_null_search_lists_everything()
    {
        var all = (await search.Query("{ organizations { totalCount } }")).Ok()["organizations"]!["totalCount"]!.GetValue<int>();
        var withNull = (await search.Query("query($s: String) { organizations(search: $s) { totalCount searchMode } }", new { s = (string?)null })).Ok();
        Assert.Equal(all, withNull["organizations"]!["totalCount"]!.GetValue<int>());
        Assert.Null(withNull["organizations"]!["searchMode"]);
    }
}
