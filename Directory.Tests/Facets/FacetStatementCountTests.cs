using Directory.Tests.Infrastructure;

namespace Directory.Tests.Facets;

/// <summary>Facets cost nothing unless selected, and each selected facet is one aggregate statement, however long the list.</summary>
public sealed class FacetStatementCountTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private async Task<long> CountStatementsAsync(string selection)
    {
        var query = $$"""{ services(first: 5, filter: { categories: ["education"] }) { totalCount nodes { id name } {{selection}} } }""";
        // Warm up once so schema building and first-use caches do not count.
        (await api.Query(query)).Ok();
        var before = api.SqlCommandCount;
        (await api.Query(query)).Ok();
        return api.SqlCommandCount - before;
    }

    [Fact]
    public async Task Facets_run_no_statement_when_not_selected()
    {
        var page = await CountStatementsAsync("");
        var withTypename = await CountStatementsAsync("__typename");

        // taxonomy (to expand the category), count, page
        Assert.Equal(3, page);
        Assert.Equal(page, withTypename);
    }

    [Fact]
    public async Task Each_selected_facet_is_counted_by_one_statement()
    {
        var page = await CountStatementsAsync("");

        Assert.Equal(page + 1, await CountStatementsAsync("facets { languages { tag count } }"));
        Assert.Equal(page + 1, await CountStatementsAsync("facets { targetGroups { targetGroup count } }"));
        // The three yes/no counts share one statement.
        Assert.Equal(page + 1, await CountStatementsAsync("facets { free paid wheelchairAccessible }"));
        // Taxonomy, then the counts.
        Assert.Equal(page + 2, await CountStatementsAsync("facets { categories { code name count } }"));
        // Counts, then the names of the places found.
        Assert.Equal(page + 2, await CountStatementsAsync("facets { comuni { istatCode name count } }"));
        Assert.Equal(page + 2, await CountStatementsAsync("facets { provinces { istatCode name count } }"));
    }
}
