using System.Collections;
using System.Globalization;
using System.Text;
using Directory.Api.GraphQL;
using Directory.Tests.Infrastructure;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// A cached document's variables, arguments and directives are parsed without walking the operation
/// (<see cref="CachedDocumentValidator"/>, <see cref="ArgumentSites"/>): for every document and variables here, valid
/// or not, the values and errors must be those GraphQL.NET's own validator gives, on the first request of a document
/// and on later ones (which reuse what the first one found).
/// </summary>
public sealed class CachedDocumentValidatorTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string NearMe = """
        query NearMe($near: Near!, $first: Int!) {
          services(near: $near, first: $first) { edges { distanceKm node { id name languages categories { code name } locations { name comune { name } } } } }
        }
        """;

    private const string Directives = """
        query D($v: Boolean!, $w: Boolean = true, $n: Int) {
          regions(first: $n) @include(if: $v) { nodes { name @skip(if: $w) istatCode } }
          ...Services @skip(if: $v)
          ... on Query @include(if: $w) { provinces(first: 2, region: "09") { nodes { name } } }
        }
        fragment Services on Query { services(first: $n, lang: "en") { nodes { openNow(at: "2026-12-24T10:00:00+01:00") ...Named @include(if: $w) } } }
        fragment Named on Service { translations(language: "ar") { language } locations { name } }
        """;

    private const string Nested = """
        query N($id: ID!, $lang: String, $d: SortDirection, $filter: ServiceFilter, $at: DateTime) {
          node(id: $id, lang: $lang) { id ... on Service { nextOpening(at: $at) categories { translations(language: $lang) { language } } } }
          a: services(first: 2, orderBy: { direction: $d }, filter: $filter) { nodes { name } }
          b: services(first: 3, filter: { openAt: $at, languages: ["it", "en"] }) { nodes { name } }
          __type(name: "Service") { fields(includeDeprecated: true) { name } }
        }
        """;

    public static TheoryData<string, string> Cases => new()
    {
        { NearMe, """{ "near": { "latitude": 43.77, "longitude": 11.25, "radiusKm": 10 }, "first": 20 }""" },
        { NearMe, """{ "near": { "comune": "048017" }, "first": 5 }""" },
        { NearMe, """{ "near": { "latitude": "north", "longitude": 11.25 }, "first": 20 }""" },
        { NearMe, """{ "near": { "latitude": 43.77, "longitude": 11.25, "nope": 1 }, "first": 20 }""" },
        { NearMe, """{ "near": { "latitude": 43.77, "longitude": 11.25 } }""" },
        { NearMe, """{ "near": null, "first": 20 }""" },
        { NearMe, """{ "near": { "latitude": 43.77, "longitude": 11.25 }, "first": 2.5 }""" },
        { Directives, """{ "v": true }""" },
        { Directives, """{ "v": false, "w": false, "n": 4 }""" },
        { Directives, """{ "v": true, "w": null }""" },
        { Directives, """{ "v": "yes" }""" },
        { Directives, "{}" },
        { Nested, """{ "id": "U2VydmljZTox", "lang": "en", "d": "DESC", "filter": { "isFree": true, "categories": ["lingua"] }, "at": "2026-11-26T10:00:00+01:00" }""" },
        { Nested, """{ "id": "U2VydmljZTox" }""" },
        // A nullable variable where the input field has a default but null is not allowed: GraphQL.NET needs the variable's uses.
        { Nested, """{ "id": "U2VydmljZTox", "d": null }""" },
        { Nested, """{ "id": "U2VydmljZTox", "d": "SIDEWAYS" }""" },
        { Nested, """{ "id": "U2VydmljZTox", "at": "not a date" }""" },
        { Nested, """{ "id": "U2VydmljZTox", "filter": { "isFree": "often" } }""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Values_and_errors_are_those_of_GraphQL_NETs_validator(string query, string variables)
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        var document = Parser.Parse(query);
        var inputs = new GraphQLSerializer().Deserialize<Inputs>(variables)!;
        var options = new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().First(),
            Variables = inputs,
            Extensions = Inputs.Empty,
            UserContext = new Dictionary<string, object?>(),
            Metrics = global::GraphQL.Instrumentation.Metrics.None,
        };

        var expected = Render(await new DocumentValidator().ValidateAsync(options with { Rules = DocumentValidator.CoreRules }));
        var validator = new CachedDocumentValidator();
        var first = Render(await validator.ValidateAsync(options with { Rules = new CachedDocumentRules([], []) }));
        var again = Render(await validator.ValidateAsync(options with { Rules = new CachedDocumentRules([], []) }));

        Assert.Equal(expected, first);
        Assert.Equal(expected, again);
    }

    [Fact]
    public async Task A_cached_document_parses_each_requests_own_values()
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        var document = Parser.Parse(Directives);
        var validator = new CachedDocumentValidator();
        var rendered = new List<string>();
        foreach (var variables in new[] { """{ "v": true, "n": 1 }""", """{ "v": false, "w": false, "n": 7 }""", """{ "v": true, "n": 1 }""" })
        {
            var result = await validator.ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = (GraphQLOperationDefinition)document.Definitions[0],
                Variables = new GraphQLSerializer().Deserialize<Inputs>(variables)!,
                Extensions = Inputs.Empty,
                UserContext = new Dictionary<string, object?>(),
                Metrics = global::GraphQL.Instrumentation.Metrics.None,
                Rules = new CachedDocumentRules([], []),
            });
            Assert.True(result.IsValid);
            rendered.Add(Render(result));
        }

        Assert.Equal(rendered[0], rendered[2]);
        Assert.NotEqual(rendered[0], rendered[1]);
        Assert.Contains("first=7", rendered[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_variable_where_null_is_not_allowed_is_refused_on_every_request_of_a_cached_document()
    {
        // `direction` is `SortDirection! = ASC`: a nullable variable may stand there, but not with null (needs its uses).
        const string Query = "query Sorted($d: SortDirection) { regions(first: 3) { nodes { name } } services(first: 2, orderBy: { direction: $d }) { nodes { name } } }";

        var responses = new List<GraphQLResponse>();
        foreach (var d in new[] { "DESC", null, "ASC", null })
        {
            responses.Add(await api.Query(Query, new Dictionary<string, object?> { ["d"] = d }));
        }

        Assert.Equal([200, 400, 200, 400], responses.Select(r => r.Status));
        Assert.Equal(responses[1].Errors!.ToJsonString(), responses[3].Errors!.ToJsonString());
        Assert.Contains("non-null", responses[3].Errors![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Everything a validation result hands to execution, in a stable text form.</summary>
    private static string Render(IValidationResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"valid={result.IsValid}\n");
        foreach (var error in result.Errors)
        {
            var at = string.Join(",", error.Locations?.Select(l => $"{l.Line}:{l.Column}") ?? []);
            text.Append(CultureInfo.InvariantCulture, $"error {error.Code} [{at}] {error.Message}\n");
        }

        foreach (var variable in result.Variables ?? Variables.None)
        {
            text.Append(CultureInfo.InvariantCulture, $"variable {variable.Name}={Value(variable.Value)} default={variable.IsDefault} specified={variable.ValueSpecified}\n");
        }

        foreach (var (field, arguments) in (result.ArgumentValues ?? new Dictionary<GraphQLField, IDictionary<string, global::GraphQL.Execution.ArgumentValue>>()).OrderBy(p => p.Key.Location.Start))
        {
            var values = string.Join(" ", arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Value(a.Value.Value)}/{a.Value.Source}"));
            text.Append(CultureInfo.InvariantCulture, $"arguments {field.Name.StringValue}@{field.Location.Start}: {values}\n");
        }

        foreach (var (node, directives) in (result.DirectiveValues ?? new Dictionary<ASTNode, IDictionary<string, global::GraphQL.Execution.DirectiveInfo>>()).OrderBy(p => p.Key.Location.Start))
        {
            var values = string.Join(" ", directives.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
                $"{d.Key}({string.Join(",", d.Value.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Value(a.Value.Value)}/{a.Value.Source}"))})"));
            text.Append(CultureInfo.InvariantCulture, $"directives {node.Kind}@{node.Location.Start}: {values}\n");
        }

        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => "{" + string.Join(",", d.Keys.Cast<object>().Select(k => $"{k}:{Value(d[k])}").Order(StringComparer.Ordinal)) + "}",
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Value)) + "]",
        _ => $"{value.GetType().Name}{System.Text.Json.JsonSerializer.Serialize(value, value.GetType())}",
    };
}
