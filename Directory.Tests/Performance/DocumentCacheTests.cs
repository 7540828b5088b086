using Directory.Api.GraphQL;
using Directory.Tests.Infrastructure;
using GraphQL.DI;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// The parsed-document cache: a repeated query text skips parsing and document-only validation, but each request still
/// runs with its own variables and operation name, and the checks that read variables still apply.
/// </summary>
public sealed class DocumentCacheTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string Regions = "query Regions($first: Int!) { regions(first: $first) { edges { node { istatCode } } } }";

    private static DocumentCache CacheOf(WebApplicationFactory<Program> factory) =>
        factory.Services.GetServices<IConfigureExecution>().OfType<DocumentCache>().Single();

    private static List<string> Codes(GraphQLResponse response) =>
        [.. response.Ok()["regions"]!["edges"]!.AsArray().Select(e => e!["node"]!["istatCode"]!.GetValue<string>())];

    [Fact]
    public async Task A_cached_document_runs_with_each_requests_variables()
    {
        var two = Codes(await api.Query(Regions, new { first = 2 }));
        var cached = CacheOf(api).Count;
        var five = Codes(await api.Query(Regions, new { first = 5 }));
        var twoAgain = Codes(await api.Query(Regions, new { first = 2 }));

        Assert.Equal(2, two.Count);
        Assert.Equal(5, five.Count);
        Assert.Equal(two, five.Take(2));
        Assert.Equal(two, twoAgain);
        Assert.Equal(cached, CacheOf(api).Count);
    }

    [Fact]
    public async Task A_cached_document_still_checks_its_variables()
    {
        _ = Codes(await api.Query(Regions, new { first = 1 }));

        var wrongType = await api.Query(Regions, new { first = "many" });
        var missing = await api.Query(Regions);

        Assert.Equal(400, wrongType.Status);
        Assert.NotNull(wrongType.Errors);
        Assert.Equal(400, missing.Status);
        Assert.NotNull(missing.Errors);
    }

    [Fact]
    public async Task A_cached_document_runs_the_operation_each_request_names()
    {
        const string Two = """
            query Few { regions(first: 1) { edges { node { istatCode } } } }
            query More { regions(first: 3) { edges { node { istatCode } } } }
            """;

        var few = await api.Query(Two, operationName: "Few");
        var more = await api.Query(Two, operationName: "More");
        var fewAgain = await api.Query(Two, operationName: "Few");

        Assert.Single(Codes(few));
        Assert.Equal(3, Codes(more).Count);
        Assert.Single(Codes(fewAgain));
    }

    [Fact]
    public async Task A_document_that_fails_validation_is_not_cached_and_fails_every_time()
    {
        const string Unknown = "{ regions(first: 1) { edges { node { noSuchField } } } }";
        var before = CacheOf(api).Count;

        var first = await api.Query(Unknown);
        var second = await api.Query(Unknown);

        Assert.Equal(400, first.Status);
        Assert.Equal(400, second.Status);
        Assert.Equal(before, CacheOf(api).Count);
    }

    [Fact]
    public async Task The_complexity_limit_applies_to_a_cached_document_with_a_larger_page()
    {
        // The limit reads `first`, which a variable can set: a document cached with a small page must not let a large one through.
        await using var limited = api.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:Execution:MaxComplexity", "200"));
        using var client = limited.CreateClient();

        var small = await QueryAsync(client, new { first = 2 });
        var large = await QueryAsync(client, new { first = 100 });
        var largeAgain = await QueryAsync(client, new { first = 100 });
        var smallAgain = await QueryAsync(client, new { first = 2 });

        Assert.Equal(200, small.Status);
        Assert.Null(small.Errors);
        Assert.Equal(1, CacheOf(limited).Count);
        Assert.Equal(400, large.Status);
        Assert.Contains("complexity", large.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(400, largeAgain.Status);
        Assert.Equal(large.Errors.ToJsonString(), largeAgain.Errors!.ToJsonString());
        Assert.Equal(200, smallAgain.Status);
    }

    [Fact]
    public async Task A_cached_document_whose_include_brings_in_a_large_list_is_refused_only_then()
    {
        // Requests passing the limit are remembered by what the analysis reads (pages, skip/include): a condition that
        // adds a large list must be analysed again, not taken from an earlier request without it.
        await using var limited = api.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:Execution:MaxComplexity", "200"));
        using var client = limited.CreateClient();
        const string Query = "query R($first: Int!, $more: Boolean!) { regions(first: $first) { nodes { name } } services(first: 50) @include(if: $more) { nodes { name categories { code } } } }";

        var statuses = new List<int>();
        foreach (var more in new[] { false, true, false, true })
        {
            var response = await QueryAsync(client, new { first = 2, more }, Query);
            statuses.Add(response.Status);
            if (more)
            {
                Assert.Equal("QUERY_TOO_COMPLEX", response.Errors![0]!["extensions"]!["code"]!.GetValue<string>());
            }
        }

        Assert.Equal([200, 400, 200, 400], statuses);
    }

    [Fact]
    public async Task A_cached_document_with_skip_and_include_still_checks_its_complexity()
    {
        // The cached path parses the arguments and directives first, then runs the limit on them (CachedDocumentValidator).
        Assert.IsType<CachedDocumentValidator>(api.Services.GetRequiredService<GraphQL.Validation.IDocumentValidator>());
        await using var limited = api.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:Execution:MaxComplexity", "200"));
        using var client = limited.CreateClient();
        const string Query = "query Regions($first: Int!, $codes: Boolean!) { regions(first: $first) { edges { node { istatCode @include(if: $codes) name } } } }";

        var small = await QueryAsync(client, new { first = 2, codes = true }, Query);
        var smallWithout = await QueryAsync(client, new { first = 2, codes = false }, Query);
        var large = await QueryAsync(client, new { first = 100, codes = false }, Query);

        Assert.Equal(200, small.Status);
        Assert.NotNull(small.Body["data"]!["regions"]!["edges"]![0]!["node"]!["istatCode"]);
        Assert.Equal(200, smallWithout.Status);
        Assert.Null(smallWithout.Body["data"]!["regions"]!["edges"]![0]!["node"]!["istatCode"]);
        Assert.Equal(400, large.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", large.Errors![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    private static async Task<GraphQLResponse> QueryAsync(HttpClient client, object variables, string query = Regions)
    {
        using var content = new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { query, variables }), System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await client.SendAsync(request);
        return new GraphQLResponse((int)response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
