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

    /// <summary>The JSON body of a request, encoded once (a load generator should spend its processor time on sending, not on encoding).</summary>
    public static byte[] Body(string query, object? variables) => JsonSerializer.SerializeToUtf8Bytes(new { query, variables });

    /// <summary>Sends a body made by <see cref="Body"/> and returns the answer's status and bytes, as HttpClient receives them.</summary>
    public async Task<(int Status, byte[] Body)> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("graphql", UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Checks an answer without building it: a success status, and a JSON object with a top-level <c>data</c> object
    /// and no <c>errors</c>, read forward once. For measured series, where the load generator shares the machine with
    /// the API and a parsed document per answer would take processor time from it.
    /// </summary>
    public static void EnsureData(int status, ReadOnlySpan<byte> body)
    {
        if (status != 200 || !HasDataWithoutErrors(body))
        {
            throw new InvalidOperationException($"HTTP {status}: {Encoding.UTF8.GetString(body)}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Whether <paramref name="json"/> is an object with a <c>data</c> object and no <c>errors</c> member at its top level.</summary>
    internal static bool HasDataWithoutErrors(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var data = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("errors"u8))
            {
                return false;
            }

            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            data |= isData && reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
        }

        return data && reader.TokenType == JsonTokenType.EndObject;
    }
}
