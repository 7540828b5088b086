using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.Security;

public sealed class RateLimitingFactory : IDisposable
{
    public DirectoryApiFactory Api { get; } = new() { RateLimitPermits = 3 };

    public void Dispose() => Api.Dispose();
}

public sealed class RateLimitingTests(RateLimitingFactory fixture) : IClassFixture<RateLimitingFactory>
{
    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_and_a_graphql_error()
    {
        using var client = fixture.Api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await client.PostAsync("/graphql", new StringContent("""{"query":"{ regions(first: 1) { totalCount } }"}""", Encoding.UTF8, "application/json"));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must say how long to wait");
        var body = JsonNode.Parse(await last.Content.ReadAsStringAsync())!;
        Assert.Equal("RATE_LIMITED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        last.Dispose();

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
