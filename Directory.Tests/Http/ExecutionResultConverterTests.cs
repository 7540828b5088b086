using System.Reflection;
using System.Text.Json;
using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Http;
using Directory.Tests.Infrastructure;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Http;

/// <summary>
/// The API writes results with its own converter (scalars straight to the writer); the bytes must be those
/// GraphQL.SystemTextJson's converter writes, for data of every kind, errors and nulls.
/// </summary>
public sealed class ExecutionResultConverterTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static TheoryData<string> Queries => new()
    {
        // Strings (with accents and quotes), numbers, booleans, enums, lists of scalars and of objects, dates, ids.
        "{ services(first: 50) { totalCount edges { cursor node { id name languages targetGroups isFree minimumAge status createdAt categories { code name } locations { name latitude longitude wheelchairAccessible comune { name } } } } } }",
        "{ services(near: { latitude: 43.77, longitude: 11.25, radiusKm: 30 }, first: 10) { edges { distanceKm node { name } } pageInfo { hasNextPage endCursor } } }",
        "{ categories(first: 100) { nodes { code name description children { code } } } regions(first: 3) { nodes { istatCode name } } }",
        "{ procedures(first: 5) { nodes { title steps { position title } } } }",
        // A field error beside data (null propagated), and a document that fails validation (no data).
        "{ services(first: 2) { nodes { name } } service(id: \"bm90LWEtc2VydmljZQ\") { name } }",
        "{ services(first: 2) { nodes { nope } } }",
        "{ __schema { queryType { name } types { name kind } } }",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Results_are_written_byte_for_byte_as_GraphQL_SystemTextJson_writes_them(string query)
    {
        using var scope = api.Services.CreateScope();
        var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            RequestServices = scope.ServiceProvider,
            UserContext = new DirectoryUserContext { AcceptLanguages = ["en"] },
        });
        var stock = new global::GraphQL.SystemTextJson.GraphQLSerializer(o => o.Encoder = Encoder);
        var own = new global::GraphQL.SystemTextJson.GraphQLSerializer(o =>
        {
            o.Encoder = Encoder;
            o.Converters.Add(new ExecutionResultConverter());
        });

        var expected = stock.Serialize(result);

        Assert.Equal(expected, own.Serialize(result));
        Assert.True(expected.Length > 40, expected);
    }

    [Fact]
    public void The_API_serializer_uses_the_converter()
    {
        var serializer = api.Services.GetRequiredService<IGraphQLSerializer>();
        var options = (JsonSerializerOptions)serializer.GetType().GetProperty("SerializerOptions", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(serializer)!;

        Assert.IsType<ExecutionResultConverter>(options.GetConverter(typeof(ExecutionResult)));
        Assert.True(ExecutionResultConverter.Plain(options));
    }

    [Fact]
    public void Options_with_their_own_number_handling_are_written_through_the_serializer()
    {
        var options = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.WriteAsString };

        Assert.False(ExecutionResultConverter.Plain(options));
        Assert.True(ExecutionResultConverter.Plain(new JsonSerializerOptions()));
    }
}
