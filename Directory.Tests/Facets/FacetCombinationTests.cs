using Directory.Tests.Geo;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.Facets;

/// <summary>
/// Facets count the whole list a page was cut from, however the page was found: a full-text search, or a near-me
/// page that (without facets) would only rank the top of a crowded area.
/// </summary>
public sealed class FacetCombinationTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Theory]
    [InlineData("corsi")]
    [InlineData("sportello")]
    [InlineData("italaino")]
    public async Task Facets_of_a_search_count_its_matches(string search)
    {
        var data = (await api.Query(
            """
            query($search: String!) {
              page: services(first: 1, search: $search) { searchMode facets { free paid languages { tag count } } }
              all: services(first: 1, search: $search) { totalCount }
            }
            """,
            new { search })).Ok();

        var total = data["all"]!["totalCount"]!.GetValue<int>();
        var facets = data["page"]!["facets"]!;
        Assert.True(total > 0, "the search must find services for the test to mean anything");
        Assert.Equal(total, facets["free"]!.GetValue<int>() + facets["paid"]!.GetValue<int>());
        foreach (var bucket in facets["languages"]!.AsArray())
        {
            var tag = bucket!["tag"]!.GetValue<string>();
            var filtered = (await api.Query(
                "query($search: String!, $tag: String!) { services(search: $search, filter: { languages: [$tag] }) { totalCount } }",
                new { search, tag })).Ok();
            Assert.Equal(filtered["services"]!["totalCount"]!.GetValue<int>(), bucket["count"]!.GetValue<int>());
        }
    }
}

/// <summary>In a crowded area, a near-me page with facets but without totalCount still counts every service in the radius.</summary>
public sealed class CrowdedFacetTests(CrowdedGeoFactory crowd) : IClassFixture<CrowdedGeoFactory>
{
    [Fact]
    public async Task Facets_near_a_crowded_point_count_the_whole_radius_without_totalCount()
    {
        var near = $"near: {{ latitude: {CrowdedGeoFactory.CenterLatitude}, longitude: {CrowdedGeoFactory.CenterLongitude}, radiusKm: 5 }}";
        var data = (await crowd.Api.Query(
            $$"""
            {
              page: services(first: 5, {{near}}) { edges { node { id } } facets { free paid } }
              all: services(first: 5, {{near}}) { totalCount }
            }
            """)).Ok();

        var total = data["all"]!["totalCount"]!.GetValue<int>();
        Assert.True(total > 100, $"the area must be crowded for the test to mean anything (found {total})");
        Assert.Equal(5, data["page"]!["edges"]!.AsArray().Count);
        Assert.Equal(total, data["page"]!["facets"]!["free"]!.GetValue<int>() + data["page"]!["facets"]!["paid"]!.GetValue<int>());
    }
}
