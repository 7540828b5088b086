using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Directory.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// The <c>X-Sql-Statements</c> header the benchmark reads: absent unless configured, and then the statements of that
/// request alone, even when other requests run at the same time.
/// </summary>
public sealed class SqlStatementHeaderTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string Header = "X-Sql-Statements";

    private const string NestedPage = """
        { services(first: 10) { nodes { name organization { name } categories { code } serviceAtLocations { location { comune { name } } schedules { opens } } } } }
        """;

    private const string SmallPage = "{ services(first: 3) { nodes { name } } }";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string query)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        return response;
    }

    private static long Statements(HttpResponseMessage response) => long.Parse(response.Headers.GetValues(Header).Single(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Without_configuration_responses_carry_no_statement_count()
    {
        using var client = api.CreateClient();
        using var response = await PostAsync(client, NestedPage);

        Assert.False(response.Headers.Contains(Header));
    }

    [Fact]
    public async Task When_enabled_each_response_counts_its_own_statements_even_under_concurrency()
    {
        using var counting = api.WithWebHostBuilder(b => b.UseSetting("Diagnostics:SqlStatementCountHeader", "true"));
        using var client = counting.CreateClient();
        using (await PostAsync(client, NestedPage))
        {
            // warm-up: first-use queries are not the page's
        }

        var before = counting.Services.GetRequiredService<global::Directory.Model.Data.SqlCommandCounter>().Count;
        using var alone = await PostAsync(client, NestedPage);
        var counted = counting.Services.GetRequiredService<global::Directory.Model.Data.SqlCommandCounter>().Count - before;
        using var small = await PostAsync(client, SmallPage);

        Assert.Equal(counted, Statements(alone));
        Assert.InRange(Statements(alone), 3, 8);
        Assert.True(Statements(small) < Statements(alone));

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => PostAsync(client, i % 2 == 0 ? NestedPage : SmallPage)));
        for (var i = 0; i < concurrent.Length; i++)
        {
            Assert.Equal(Statements(i % 2 == 0 ? alone : small), Statements(concurrent[i]));
            concurrent[i].Dispose();
        }
    }
}
