using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Directory.Benchmarks.Running;

/// <summary>One GraphQL answer: its data, and the SQL statements the API reported for it (when it does).</summary>
internal sealed record GraphQLAnswer(JsonNode Data, long? Statements);

/// <summary>POSTs GraphQL requests as JSON to the API over HTTP; a response with errors is an exception.</summary>
internal sealed class GraphQLClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<GraphQLAnswer> QueryAsync(string query, object? variables, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("graphql", UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty response.");
        if (json["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"GraphQL errors ({(int)response.StatusCode}): {errors.ToJsonString()}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text}");
        }

        long? statements = response.Headers.TryGetValues("X-Sql-Statements", out var values) && long.TryParse(values.First(), out var n) ? n : null;
        return new GraphQLAnswer(json["data"] ?? throw new InvalidOperationException("No data."), statements);
    }

    public void Dispose() => _http.Dispose();
}
