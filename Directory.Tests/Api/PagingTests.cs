using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.ApiTests;

/// <summary>Relay paging: cursors walk lists both ways without gaps, with correct page info and bounds.</summary>
public sealed class PagingTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private static readonly string[] CursorVariables = ["after", "before"];

    private sealed record Page(List<string> Keys, bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor, int TotalCount);

    private async Task<Page> FetchAsync(string field, string key, string arguments, object? variables = null)
    {
        var declared = string.Join(", ", CursorVariables.Where(v => arguments.Contains("$" + v, StringComparison.Ordinal)).Select(v => $"${v}: String"));
        declared = declared.Length > 0 ? $"({declared})" : "";
        var data = (await api.Query(
            $"query{declared} {{ {field}({arguments}) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} edges {{ cursor node {{ {key} }} }} }} }}",
            variables)).Ok();
        var connection = data[field]!;
        var info = connection["pageInfo"]!;
        var edges = connection["edges"]!.AsArray();
        Assert.All(edges, e => Assert.False(string.IsNullOrEmpty(e.Text("cursor"))));
        if (edges.Count > 0)
        {
            Assert.Equal(edges[0].Text("cursor"), info.Text("startCursor"));
            Assert.Equal(edges[^1].Text("cursor"), info.Text("endCursor"));
        }

        return new Page(
            edges.Select(e => e!["node"].Text(key)).ToList(),
            info["hasNextPage"]!.GetValue<bool>(),
            info["hasPreviousPage"]!.GetValue<bool>(),
            info["startCursor"]?.GetValue<string>(),
            info["endCursor"]?.GetValue<string>(),
            connection["totalCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("regions", "istatCode", 20, 7)]
    [InlineData("provinces", "istatCode", 107, 30)]
    [InlineData("services", "id", 0, 4)]
    [InlineData("organizations", "id", 0, 6)]
    public async Task First_after_walks_the_whole_list_without_gaps_or_duplicates(string field, string key, int knownTotal, int pageSize)
    {
        var everything = await FetchAsync(field, key, "first: 100");
        if (everything.TotalCount > 100)
        {
            // More than one page of 100: the rest comes from the other end of the list.
            var rest = await FetchAsync(field, key, $"last: {everything.TotalCount - 100}");
            everything = everything with { Keys = [.. everything.Keys, .. rest.Keys] };
        }

        Assert.True(everything.TotalCount > pageSize * 2, $"{field} has too few items to need several pages");
        if (knownTotal > 0)
        {
            Assert.Equal(knownTotal, everything.TotalCount);
        }

        var walked = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await FetchAsync(field, key, $"first: {pageSize}, after: $after", new { after });
            Assert.Equal(everything.TotalCount, page.TotalCount);
            Assert.Equal(after is not null, page.HasPreviousPage);
            walked.AddRange(page.Keys);
            pages++;
            Assert.True(pages <= everything.TotalCount, "Paging does not end");
            if (!page.HasNextPage)
            {
                Assert.InRange(page.Keys.Count, 1, pageSize);
                break;
            }

            Assert.Equal(pageSize, page.Keys.Count);
            after = page.EndCursor;
        }

        Assert.Equal(everything.Keys, walked);
        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(everything.TotalCount, walked.Count);
    }

    [Theory]
    [InlineData("regions", "istatCode", 6)]
    [InlineData("services", "id", 5)]
    public async Task Last_before_walks_the_list_from_the_end(string field, string key, int pageSize)
    {
        var everything = await FetchAsync(field, key, "first: 100");

        var walked = new List<string>();
        string? before = null;
        var pages = 0;
        while (true)
        {
            var page = await FetchAsync(field, key, $"last: {pageSize}, before: $before", new { before });
            Assert.Equal(before is not null, page.HasNextPage);
            walked.InsertRange(0, page.Keys);
            pages++;
            Assert.True(pages <= everything.TotalCount, "Paging does not end");
            if (!page.HasPreviousPage)
            {
                break;
            }

            Assert.Equal(pageSize, page.Keys.Count);
            before = page.StartCursor;
        }

        Assert.Equal(everything.Keys, walked);
    }

    [Fact]
    public async Task Last_without_before_is_the_end_of_the_list()
    {
        var everything = await FetchAsync("regions", "istatCode", "first: 100");

        var page = await FetchAsync("regions", "istatCode", "last: 3");

        Assert.Equal(everything.Keys.TakeLast(3), page.Keys);
        Assert.False(page.HasNextPage);
        Assert.True(page.HasPreviousPage);
        Assert.Equal(20, page.TotalCount);
    }

    [Fact]
    public async Task First_page_has_next_but_no_previous()
    {
        var page = await FetchAsync("regions", "istatCode", "first: 3");

        Assert.True(page.HasNextPage);
        Assert.False(page.HasPreviousPage);
        Assert.Equal(3, page.Keys.Count);
    }

    [Fact]
    public async Task Page_holding_the_whole_list_has_neither_next_nor_previous()
    {
        var page = await FetchAsync("regions", "istatCode", "first: 20");

        Assert.Equal(20, page.Keys.Count);
        Assert.False(page.HasNextPage);
        Assert.False(page.HasPreviousPage);
    }

    [Fact]
    public async Task Page_after_the_last_cursor_is_empty_with_previous_and_no_next()
    {
        var end = await FetchAsync("regions", "istatCode", "last: 1");

        var page = await FetchAsync("regions", "istatCode", "first: 5, after: $after", new { after = end.EndCursor });

        Assert.Empty(page.Keys);
        Assert.False(page.HasNextPage);
        Assert.True(page.HasPreviousPage);
        Assert.Null(page.StartCursor);
        Assert.Null(page.EndCursor);
    }

    [Fact]
    public async Task Has_next_page_is_right_without_total_count()
    {
        // Without totalCount the pager learns about a next page by fetching one row more.
        var full = (await api.Query("{ regions(first: 20) { pageInfo { hasNextPage } } }")).Ok();
        var partial = (await api.Query("{ regions(first: 19) { pageInfo { hasNextPage } } }")).Ok();

        Assert.False(full["regions"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.True(partial["regions"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task First_defaults_to_twenty()
    {
        var data = (await api.Query("{ provinces { totalCount pageInfo { hasNextPage } nodes { istatCode } } }")).Ok();

        Assert.Equal(20, data.Nodes("provinces").Count);
        Assert.True(data["provinces"]!["totalCount"]!.GetValue<int>() > 20);
        Assert.True(data["provinces"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Total_count_under_an_alias_is_the_real_count()
    {
        var plain = (await api.Query("{ regions(first: 1) { totalCount } }")).Ok();
        var aliased = (await api.Query("{ regions(first: 1) { count: totalCount } }")).Ok();

        Assert.Equal(20, plain["regions"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(20, aliased["regions"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Total_count_in_a_fragment_is_the_real_count()
    {
        var data = (await api.Query("{ regions(first: 1) { ...Counted } } fragment Counted on RegionConnection { totalCount }")).Ok();

        Assert.Equal(20, data["regions"]!["totalCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("first: 0", "first")]
    [InlineData("first: -1", "first")]
    [InlineData("first: 101", "first")]
    [InlineData("last: 0", "last")]
    [InlineData("last: 101", "last")]
    public async Task Page_size_out_of_range_is_bad_user_input_naming_the_argument(string arguments, string argument)
    {
        var response = await api.Query($"{{ services({arguments}) {{ totalCount }} }}");

        response.Error("BAD_USER_INPUT", argument, inMessage: true);
    }

    [Fact]
    public async Task Page_size_of_one_hundred_is_allowed()
    {
        var data = (await api.Query("{ provinces(first: 100) { nodes { istatCode } } }")).Ok();

        Assert.Equal(100, data.Nodes("provinces").Count);
    }

    [Theory]
    [InlineData("after", "not a cursor")]
    [InlineData("after", "Y3Vyc29yOmFiYw")] // base64url of "cursor:abc"
    [InlineData("before", "bm90LWEtY3Vyc29y")] // base64url of "not-a-cursor"
    [InlineData("before", "Y3Vyc29yOi0x")] // base64url of "cursor:-1"
    public async Task Garbage_cursor_is_bad_user_input(string argument, string cursor)
    {
        var response = await api.Query($"query($c: String) {{ regions({argument}: $c) {{ totalCount }} }}", new { c = cursor });

        response.Error("BAD_USER_INPUT", argument, inMessage: true);
    }
}
