using System.Text.Json.Nodes;
using Directory.Api.GraphQL;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Directory.Tests.Performance;

/// <summary>
/// <see cref="QueryExecutionStrategy"/> resolves scalar and enum fields as soon as their object has its fields, outside
/// GraphQL.NET's queue. Its answers must be GraphQL.NET's parallel strategy's: values, DataLoader and asynchronous
/// leaves, errors thrown by resolvers (expected and unexpected), values an enum cannot serialize, nulls in non-null
/// fields and how far they propagate, in objects, lists, fragments and aliases. Errors may come in another order
/// (the response's order of errors is not specified), so they are compared as a set.
/// </summary>
public sealed class LeafResolutionTests
{
    public static TheoryData<string> Queries => new()
    {
        "{ items { id name later deferred slow color tags child { id name later deferred slow nullWhenOdd } } }",
        "{ items { id boom crash } plain }",
        "{ item { id nullWhenOdd } nested { id child { nullWhenOdd } } strictItems { id nullWhenOdd } }",
        "{ a: items { ...F } b: item { ...F ... on Item { slow } } } fragment F on Item { id n: name later color }",
        "{ nonNullBoom plain }",
        "{ items { children { id later children { id slow boom } } } }",
        "{ __typename items { __typename id } }",
        "{ enumerated { id later nullWhenOdd tags children { id slow } } }",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public Task Answers_are_those_of_GraphQL_NETs_parallel_strategy(string query) =>
        AssertSameAnswersAsParallelStrategy(new QueryExecutionStrategy(), query);

    [Theory]
    [MemberData(nameof(Queries))]
    public Task Lists_whose_items_complete_later_give_the_same_answers(string query) =>
        // Items normally complete at once, and the strategy then builds a list without awaiting; every other item
        // completing later sends the rest of the list down its asynchronous path (lists by index and enumerated ones).
        AssertSameAnswersAsParallelStrategy(new ItemsCompletingLater(), query);

    private static async Task AssertSameAnswersAsParallelStrategy(IExecutionStrategy strategy, string query)
    {
        var expected = await RunAsync(ParallelExecutionStrategy.Instance, query);
        var actual = await RunAsync(strategy, query);

        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal(expected.Errors, actual.Errors);
    }

    private sealed class ItemsCompletingLater : QueryExecutionStrategy
    {
        protected override async Task CompleteNodeAsync(GraphQL.Execution.ExecutionContext context, ExecutionNode node)
        {
            if (node.IndexInParentNode % 2 == 1)
            {
                await Task.Yield();
            }

            await base.CompleteNodeAsync(context, node);
        }
    }

    [Fact]
    public async Task The_comparison_sees_values_of_every_kind_and_errors()
    {
        // Guards the test above against comparing two empty answers.
        var values = await RunAsync(new QueryExecutionStrategy(), "{ items { id later deferred slow color tags child { later } } }");
        var errors = await RunAsync(new QueryExecutionStrategy(), "{ items { id boom crash color nullWhenOdd } }");

        Assert.Contains("\"later\":\"later 2\"", values.Data, StringComparison.Ordinal);
        Assert.Contains("\"slow\":\"slow 2\"", values.Data, StringComparison.Ordinal);
        Assert.Contains("\"deferred\":\"deferred 2 at items.1.deferred\"", values.Data, StringComparison.Ordinal);
        Assert.Contains("\"later\":\"later 20\"", values.Data, StringComparison.Ordinal);
        Assert.Contains("\"color\":\"GREEN\"", values.Data, StringComparison.Ordinal);
        Assert.Contains("\"path\":[\"items\",1,\"color\"]", Assert.Single(values.Errors), StringComparison.Ordinal);
        Assert.Contains(errors.Errors, e => e.Contains("boom 1", StringComparison.Ordinal));
        Assert.Contains(errors.Errors, e => e.Contains("\"path\":[\"items\",1,\"crash\"]", StringComparison.Ordinal));
        Assert.Contains(errors.Errors, e => e.Contains("\"path\":[\"items\",1,\"color\"]", StringComparison.Ordinal));
        Assert.Contains(errors.Errors, e => e.Contains("\"path\":[\"items\",2,\"nullWhenOdd\"]", StringComparison.Ordinal));
        Assert.Equal(6, errors.Errors.Count);
    }

    private static async Task<(string Data, List<string> Errors)> RunAsync(IExecutionStrategy strategy, string query)
    {
        var executer = new DocumentExecuter(
            new GraphQLDocumentBuilder(),
            new DocumentValidator(),
            new DefaultExecutionStrategySelector([new ExecutionStrategyRegistration(strategy, OperationType.Query)]),
            []);
        var result = await executer.ExecuteAsync(new ExecutionOptions { Schema = Schema.Value, Query = query });
        var json = JsonNode.Parse(new GraphQLSerializer().Serialize(result))!.AsObject();
        var errors = json["errors"]?.AsArray().Select(e => e!.ToJsonString()).Order(StringComparer.Ordinal).ToList() ?? [];
        return (json["data"]?.ToJsonString() ?? "null", errors);
    }

    private static readonly Lazy<ISchema> Schema = new(() =>
    {
        var schema = new global::GraphQL.Types.Schema { Query = new TestQuery() };
        schema.Initialize();
        return schema;
    });

    private sealed record Item(int Id, int Depth);

    private enum Color
    {
        Red,
        Green,
    }

    /// <summary>A value that arrives through the DataLoader step of execution.</summary>
    private sealed class Later(object? value) : IDataLoaderResult
    {
        public Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);
    }

    /// <summary>A DataLoader result that computes its value (here: reads its resolve context) only when the batch runs.</summary>
    private sealed class Deferred(Func<object?> value) : IDataLoaderResult
    {
        public Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value());
    }

    private sealed class TestQuery : ObjectGraphType
    {
        public TestQuery()
        {
            Name = "Query";
            Field<NonNullGraphType<ListGraphType<ItemType>>>("items").Resolve(_ => Enumerable.Range(1, 4).Select(i => new Item(i, 0)).ToList());
            Field<ListGraphType<NonNullGraphType<ItemType>>>("strictItems").Resolve(_ => Enumerable.Range(1, 3).Select(i => new Item(i, 0)).ToList());
            Field<ItemType>("item").Resolve(_ => new Item(3, 0));
            Field<NonNullGraphType<ItemType>>("nested").Resolve(_ => new Item(5, 0));
            Field<StringGraphType>("plain").Resolve(_ => "plain");
            // Not an IList: read with an enumerator.
            Field<ListGraphType<ItemType>>("enumerated").Resolve(_ => Enumerable.Range(1, 4).Select(i => new Item(i, 0)));
            Field<NonNullGraphType<StringGraphType>>("nonNullBoom").Resolve(_ => throw new ExecutionError("no value"));
        }
    }

    private sealed class ItemType : ObjectGraphType<Item>
    {
        public ItemType()
        {
            Name = "Item";
            Field<NonNullGraphType<IntGraphType>>("id").Resolve(c => c.Source.Id);
            Field<StringGraphType>("name").Resolve(c => $"item {c.Source.Id}");
            Field<StringGraphType>("boom").Resolve(c => c.Source.Id % 2 == 1 ? throw new ExecutionError($"boom {c.Source.Id}") : "calm");
            Field<StringGraphType>("crash").Resolve(c => c.Source.Id == 2 ? throw new InvalidOperationException("crash") : "fine");
            Field<NonNullGraphType<StringGraphType>>("nullWhenOdd").Resolve(c => c.Source.Id % 2 == 1 ? null : "even");
            Field<StringGraphType>("later").Resolve(c => new Later($"later {c.Source.Id}"));
            // Reads the context after the other leaves of the page were resolved: a resolve context handed on to them
            // meanwhile would give another item's value.
            Field<StringGraphType>("deferred").Resolve(c => new Deferred(() => $"deferred {c.Source.Id} at {string.Join('.', c.Path)}"));
            Field<StringGraphType>("slow").ResolveAsync(async c =>
            {
                await Task.Yield();
                return $"slow {c.Source.Id}";
            });
            // Item 2 has a value the enum cannot serialize.
            Field<EnumerationGraphType<Color>>("color").Resolve(c => c.Source.Id == 2 ? 7 : (Color)(c.Source.Id % 2));
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => new[] { "a", $"t{c.Source.Id}" });
            Field<ItemType>("child").Resolve(c => c.Source.Depth < 2 ? new Item(c.Source.Id * 10, c.Source.Depth + 1) : null);
            Field<ListGraphType<NonNullGraphType<ItemType>>>("children")
                .Resolve(c => c.Source.Depth < 2 ? new[] { new Item(c.Source.Id * 10 + 1, c.Source.Depth + 1), new Item(c.Source.Id * 10 + 2, c.Source.Depth + 1) } : null);
        }
    }
}
