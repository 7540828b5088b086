using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Http;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Directory.Tests.Http;

public sealed class GraphQLHttpTests(GraphQLHttpHost host) : IClassFixture<GraphQLHttpHost>
{
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    private readonly HttpClient _client = host.Client;

    [Fact]
    public async Task Post_json_runs_the_query()
    {
        using var response = await PostAsync("""{"query":"{ hello }"}""", accept: Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, world!", (await ReadJsonAsync(response)).GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Post_without_accept_is_answered_as_application_json()
    {
        using var response = await PostAsync("""{"query":"{ hello }"}""", accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
    }

    [Theory]
    [InlineData("application/graphql-response+json, application/json")]
    [InlineData("application/json, application/graphql-response+json")]
    [InlineData("application/json;q=0.9, application/graphql-response+json")]
    [InlineData("*/*")]
    [InlineData("application/*")]
    public async Task Graphql_response_json_is_preferred_when_acceptable(string accept)
    {
        using var response = await PostAsync("""{"query":"{ hello }"}""", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/graphql-response+json;q=0.5, application/json")]
    [InlineData("application/graphql-response+json;q=0, */*")]
    public async Task Application_json_is_sent_when_the_client_prefers_it(string accept)
    {
        using var response = await PostAsync("""{"query":"{ hello }"}""", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json;q=0, application/graphql-response+json;q=0")]
    public async Task Post_accepting_neither_json_type_is_406(string accept)
    {
        using var response = await PostAsync("""{"query":"{ hello }"}""", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        await AssertTransportErrorAsync(response, "NOT_ACCEPTABLE");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/graphql")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Post_with_another_content_type_is_415(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ hello }"}"""));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertTransportErrorAsync(response, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Post_without_content_type_is_415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ hello }"}"""));

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_with_utf8_charset_and_byte_order_mark_is_accepted()
    {
        using var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"query":"{ hello }"}""")]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"query\":")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_json_is_400(string body)
    {
        using var response = await PostAsync(body, accept: Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertTransportErrorAsync(response, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("""{"variables":{}}""")]
    [InlineData("""{"query":null}""")]
    [InlineData("""{"query":42}""")]
    [InlineData("""{"query":""}""")]
    [InlineData("\"{ hello }\"")]
    public async Task Body_without_a_query_string_is_400(string body)
    {
        using var response = await PostAsync(body, accept: Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertTransportErrorAsync(response, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("""{"query":"{ hello }","variables":[1]}""")]
    [InlineData("""{"query":"{ hello }","variables":"{}"}""")]
    [InlineData("""{"query":"{ hello }","extensions":3}""")]
    [InlineData("""{"query":"{ hello }","operationName":{}}""")]
    public async Task Variables_extensions_and_operation_name_of_the_wrong_type_are_400(string body)
    {
        using var response = await PostAsync(body, accept: Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertTransportErrorAsync(response, "BAD_REQUEST");
    }

    [Fact]
    public async Task Batched_request_is_400_saying_batching_is_not_supported()
    {
        using var response = await PostAsync("""[{"query":"{ hello }"},{"query":"{ hello }"}]""", accept: Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await AssertTransportErrorAsync(response, "BAD_REQUEST");
        Assert.Contains("Batched requests are not supported", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_with_variables_and_operation_name_runs_the_named_operation()
    {
        using var response = await PostAsync(
            """{"query":"query A { a: hello } query B($name: String) { hello(name: $name) }","operationName":"B","variables":{"name":"Carrara"}}""",
            accept: GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, Carrara!", (await ReadJsonAsync(response)).GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Body_over_the_configured_limit_is_413()
    {
        // The host sets GraphQL:Http:MaxRequestBodyBytes to 4096, so this also shows the options are bound.
        using var response = await PostAsync(LargeBody(5000), accept: Json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertTransportErrorAsync(response, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_while_reading()
    {
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(LargeBody(5000)));
        content.Headers.ContentType = new MediaTypeHeaderValue(Json);

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertTransportErrorAsync(response, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_read_whole()
    {
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(LargeBody(4000)));
        content.Headers.ContentType = new MediaTypeHeaderValue(Json);

        using var response = await _client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_runs_a_query_with_variables()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("query($name: String) { hello(name: $name) }")
            + "&variables=" + Uri.EscapeDataString("""{"name":"Massa"}""");

        using var response = await GetAsync(url, GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["Accept", "Accept-Language"], response.Headers.Vary);
        Assert.Equal("Hello, Massa!", (await ReadJsonAsync(response)).GetProperty("data").GetProperty("hello").GetString());
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{not json")]
    public async Task Get_with_variables_that_are_not_a_json_object_is_400(string variables)
    {
        using var response = await GetAsync("/graphql?query=" + Uri.EscapeDataString("{ hello }") + "&variables=" + Uri.EscapeDataString(variables), Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertTransportErrorAsync(response, "BAD_REQUEST");
    }

    [Fact]
    public async Task Get_without_query_is_400()
    {
        using var response = await GetAsync("/graphql", Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertTransportErrorAsync(response, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("mutation { noop }", null)]
    [InlineData("query Q { hello } mutation M { noop }", "M")]
    public async Task Get_mutation_is_405_with_allow_post(string query, string? operationName)
    {
        var url = "/graphql?query=" + Uri.EscapeDataString(query) + (operationName is null ? "" : "&operationName=" + operationName);

        using var response = await GetAsync(url, GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        await AssertTransportErrorAsync(response, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Get_selecting_the_query_of_a_document_that_also_has_a_mutation_runs_it()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("query Q { hello } mutation M { noop }") + "&operationName=Q";

        using var response = await GetAsync(url, GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, world!", (await ReadJsonAsync(response)).GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Post_mutation_runs()
    {
        using var response = await PostAsync("""{"query":"mutation { noop }"}""", accept: GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await ReadJsonAsync(response)).GetProperty("data").GetProperty("noop").GetBoolean());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_are_405_with_allow_get_and_post(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/graphql")
        {
            Content = new StringContent("""{"query":"{ hello }"}""", Encoding.UTF8, Json),
        };

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
        await AssertTransportErrorAsync(response, "METHOD_NOT_ALLOWED");
    }

    [Theory]
    [InlineData("{ nope }")]
    [InlineData("{ hello(")]
    [InlineData("query A { hello } query B { hello }")]
    public async Task Request_error_is_400_with_graphql_response_json(string query)
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query }), accept: GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
        var json = await ReadJsonAsync(response);
        Assert.False(json.TryGetProperty("data", out _));
        Assert.NotEmpty(json.GetProperty("errors").EnumerateArray());
    }

    [Theory]
    [InlineData("{ nope }")]
    [InlineData("{ hello(")]
    public async Task Request_error_is_200_with_application_json(string query)
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query }), accept: Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty((await ReadJsonAsync(response)).GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Field_error_is_200_with_partial_data_and_no_exception_text()
    {
        using var response = await PostAsync("""{"query":"{ hello boom }"}""", accept: GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(TestQuery.Secret, body, StringComparison.Ordinal);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Hello, world!", json.GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("data").GetProperty("boom").ValueKind);
        Assert.NotEmpty(json.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Server_failure_before_execution_is_500_with_graphql_response_json()
    {
        await using var app = GraphQLHttpHost.Build<BrokenSchema>(maxRequestBodyBytes: 4096);
        await app.StartAsync();
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, Json),
        };
        request.Headers.Accept.ParseAdd(GraphQLResponseJson);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.False(json.TryGetProperty("data", out _));
        Assert.Equal("INTERNAL_SERVER_ERROR", Assert.Single(json.GetProperty("errors").EnumerateArray()).GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_from_a_browser_serves_graphiql_from_local_assets()
    {
        using var response = await GetAsync("/graphql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("""<script src="/graphiql/react.production.min.js"></script>""", html, StringComparison.Ordinal);
        Assert.Contains("""<script src="/graphiql/react-dom.production.min.js"></script>""", html, StringComparison.Ordinal);
        Assert.Contains("""<script src="/graphiql/graphiql.min.js"></script>""", html, StringComparison.Ordinal);
        Assert.Contains("""<link rel="stylesheet" href="/graphiql/graphiql.min.css">""", html, StringComparison.Ordinal);
        Assert.Contains("""url: "/graphql",""", html, StringComparison.Ordinal);
        Assert.Contains("application/graphql-response+json, application/json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Graphiql_inline_script_carries_the_nonce_its_content_security_policy_allows()
    {
        using var response = await GetAsync("/graphql", "text/html");
        var html = await response.Content.ReadAsStringAsync();

        var policy = string.Join("; ", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graphiql_assets_the_page_loads_are_in_wwwroot()
    {
        using var response = await GetAsync("/graphql", "text/html");
        var html = await response.Content.ReadAsStringAsync();
        var wwwroot = Path.Combine(RepositoryRoot(), "Directory.Api", "wwwroot");

        var assets = Regex.Matches(html, "(?:src|href)=\"/(graphiql/[^\"]+)\"").Select(match => match.Groups[1].Value).ToList();

        Assert.Equal(4, assets.Count);
        Assert.All(assets, asset => Assert.True(File.Exists(Path.Combine(wwwroot, asset)), $"{asset} is missing from wwwroot"));
    }

    [Fact]
    public async Task Get_from_a_browser_with_a_query_runs_the_query()
    {
        using var response = await GetAsync("/graphql?query=" + Uri.EscapeDataString("{ hello }"), "text/html,*/*;q=0.8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Accept_language_reaches_the_user_context_best_first()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ languages }"}""", Encoding.UTF8, Json),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", "de;q=0.7, FR-ch, *;q=0.5, fr;q=0.9, en;q=0, IT-it;q=0.8");

        using var response = await _client.SendAsync(request);

        var languages = (await ReadJsonAsync(response)).GetProperty("data").GetProperty("languages")
            .EnumerateArray().Select(language => language.GetString()!).ToArray();
        Assert.Equal(["fr-CH", "fr", "it-IT", "de"], languages);
    }

    [Fact]
    public async Task Missing_accept_language_gives_an_empty_list()
    {
        using var response = await PostAsync("""{"query":"{ languages }"}""", accept: Json);

        Assert.Empty((await ReadJsonAsync(response)).GetProperty("data").GetProperty("languages").EnumerateArray());
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_up()
    {
        await using var app = GraphQLHttpHost.Build(maxRequestBodyBytes: 0);

        await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, Json),
        };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await _client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await _client.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts the GraphQL error shape with <paramref name="code"/> and no data; returns the message.</summary>
    private static async Task<string> AssertTransportErrorAsync(HttpResponseMessage response, string code)
    {
        var json = await ReadJsonAsync(response);
        Assert.False(json.TryGetProperty("data", out _));
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    private static string LargeBody(int length)
    {
        const string Prefix = "{\"query\":\"{ hello }\",\"extensions\":{\"padding\":\"";
        const string Suffix = "\"}}";
        return Prefix + new string('x', length - Prefix.Length - Suffix.Length) + Suffix;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Directory.sln not found above the test binaries.");
    }

    /// <summary>A body whose length is not known up front, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>A web host with a tiny schema and the GraphQL-over-HTTP endpoint at /graphql, independent of the real schema.</summary>
public sealed class GraphQLHttpHost : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public static WebApplication Build(int maxRequestBodyBytes) => Build<TestSchema>(maxRequestBodyBytes);

    public static WebApplication Build<TSchema>(int maxRequestBodyBytes)
        where TSchema : Schema
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GraphQL:Http:MaxRequestBodyBytes"] = maxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        // The project's own error formatter, so the test sees errors as clients of the real API do.
        builder.Services.AddGraphQL(graphQL => graphQL
            .AddSchema<TSchema>()
            .AddSystemTextJson()
            .AddErrorInfoProvider(new DirectoryErrorInfoProvider(exposeDetails: false)));
        builder.Services.AddDirectoryGraphQLHttp(builder.Configuration);

        var app = builder.Build();
        app.MapDirectoryGraphQL<TSchema>();
        return app;
    }

    public async Task InitializeAsync()
    {
        _app = Build(maxRequestBodyBytes: 4096);
        await _app.StartAsync();
        Client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class TestSchema : Schema
{
    public TestSchema(IServiceProvider services)
        : base(services)
    {
        Query = new TestQuery();
        Mutation = new TestMutation();
    }
}

/// <summary>A schema that fails to build (its Query type has no fields), so every request fails before execution.</summary>
public sealed class BrokenSchema : Schema
{
    public BrokenSchema(IServiceProvider services)
        : base(services)
    {
        Query = new ObjectGraphType { Name = "Query" };
    }
}

public sealed class TestQuery : ObjectGraphType
{
    public const string Secret = "Server=db;Password=hunter2";

    public TestQuery()
    {
        Field<StringGraphType>("hello")
            .Argument<StringGraphType>("name")
            .Resolve(context => $"Hello, {context.GetArgument<string?>("name") ?? "world"}!");
        Field<StringGraphType>("boom")
            .Resolve(_ => throw new InvalidOperationException(Secret));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("languages")
            .Resolve(context => ((DirectoryUserContext)context.UserContext).AcceptLanguages);
    }
}

public sealed class TestMutation : ObjectGraphType
{
    public TestMutation()
    {
        Field<BooleanGraphType>("noop").Resolve(_ => true);
    }
}
