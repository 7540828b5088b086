using System.Text.Json.Nodes;
using Directory.Api.GraphQL;
using Directory.Tests.Infrastructure;
using GraphQLParser;
using GraphQLParser.AST;

namespace Directory.Tests.Performance;

/// <summary>
/// Queries collect each selection set once and reuse it for every object and later request of the same (cached)
/// document; what depends on the request (directives with variables, merged fields) must still be collected each time.
/// </summary>
public sealed class QueryExecutionStrategyTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private static JsonArray Services(JsonNode data) => data["services"]!["edges"]!.AsArray();

    [Theory]
    [InlineData("locations @include(if: $v) { name }", "", false)]
    [InlineData("locations @skip(if: $v) { name }", "", true)]
    [InlineData("...Places @include(if: $v)", "fragment Places on Service { locations { name } }", false)]
    [InlineData("... on Service @skip(if: $v) { locations { name } }", "", true)]
    public async Task Skip_and_include_follow_each_requests_variables(string selection, string fragment, bool skip)
    {
        var query = $"query Services($v: Boolean!) {{ services(first: 5) {{ edges {{ node {{ id {selection} }} }} }} }} {fragment}";

        foreach (var places in new[] { true, false, true, false })
        {
            var edges = Services((await api.Query(query, new { v = skip ? !places : places })).Ok());

            Assert.NotEmpty(edges);
            Assert.All(edges, e => Assert.Equal(places, e!["node"]!.AsObject().ContainsKey("locations")));
        }
    }

    [Fact]
    public async Task Fields_merged_under_one_name_answer_every_part_every_time()
    {
        var together = (await api.Query("{ services(first: 5) { edges { node { id locations { name latitude } } } } }")).Ok().ToJsonString();
        const string Split = "{ services(first: 5) { edges { node { id locations { name } ...More } } } } fragment More on Service { locations { latitude } }";

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(together, (await api.Query(Split)).Ok().ToJsonString());
        }
    }

    [Fact]
    public async Task Fragments_and_aliases_answer_as_plain_fields()
    {
        var plain = (await api.Query("{ services(first: 5) { edges { node { id name } } } }")).Ok();
        var firstTwo = Services(plain).Take(2).Select(e => e!["node"]!["name"]!.GetValue<string>()).ToList();
        const string Fragments = "{ services(first: 5) { edges { node { ...Id ... on Service { name } } } } firstTwo: services(first: 2) { edges { node { title: name } } } } fragment Id on Service { id }";

        for (var i = 0; i < 3; i++)
        {
            var data = (await api.Query(Fragments)).Ok();
            Assert.Equal(plain["services"]!.ToJsonString(), data["services"]!.ToJsonString());
            Assert.Equal(firstTwo, data["firstTwo"]!["edges"]!.AsArray().Select(e => e!["node"]!["title"]!.GetValue<string>()));
        }
    }

    [Theory]
    [InlineData("{ a b { c } }", true)]
    [InlineData("{ a ...F ... on T { d } } fragment F on T { b }", true)]
    [InlineData("{ a b @skip(if: true) }", false)]
    [InlineData("{ a ...F @include(if: $x) }  fragment F on T { b }", false)]
    [InlineData("{ a ...F } fragment F on T @include(if: $x) { b }", false)]
    [InlineData("{ a ... @skip(if: $x) { b } }", false)]
    [InlineData("{ a ...Missing }", false)]
    public void Only_selection_sets_without_directives_are_remembered(string text, bool cacheable)
    {
        var document = Parser.Parse(text);
        var selectionSet = document.Definitions.OfType<GraphQLOperationDefinition>().Single().SelectionSet;
        var fields = CountFields(document, selectionSet);

        Assert.Equal(cacheable, QueryExecutionStrategy.Cacheable(document, selectionSet, fields));
    }

    [Fact]
    public void A_merge_is_not_remembered()
    {
        // `a` twice collects as one response name: fewer collected fields than field selections.
        var document = Parser.Parse("{ a { b } a { c } }");
        var selectionSet = document.Definitions.OfType<GraphQLOperationDefinition>().Single().SelectionSet;

        Assert.False(QueryExecutionStrategy.Cacheable(document, selectionSet, 1));
        Assert.True(QueryExecutionStrategy.Cacheable(document, selectionSet, 2));
    }

    private static int CountFields(GraphQLDocument document, GraphQLSelectionSet set) => set.Selections.Sum(s => s switch
    {
        GraphQLField => 1,
        GraphQLInlineFragment inline => CountFields(document, inline.SelectionSet),
        GraphQLFragmentSpread spread when document.Definitions.OfType<GraphQLFragmentDefinition>().SingleOrDefault(f => f.FragmentName.Name == spread.FragmentName.Name) is { } fragment
            => CountFields(document, fragment.SelectionSet),
        _ => 0,
    });
}
