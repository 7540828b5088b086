using Directory.Api.GraphQL.Loaders;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Directory.Tests.Performance;

/// <summary>
/// A loader result already known (reference data from memory) is handed to the executor as the value itself, so the
/// field completes at once instead of waiting for the level's DataLoader step; pending results are left as they are.
/// </summary>
public sealed class KnownLoaderResultTests
{
    private sealed class Pending(string value) : IDataLoaderResult<string>
    {
        public int Reads { get; private set; }

        public Task<string> GetResultAsync(CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(value);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private static async Task<object?> ResolveAsync(Func<IResolveFieldContext<string>, IDataLoaderResult?> load)
    {
        var type = new ObjectGraphType<string>();
        var field = type.Field<StringGraphType, string>("value").ResolveLoader(load).FieldType;
        return await field.Resolver!.ResolveAsync(new ResolveFieldContext<string> { Source = "source" });
    }

    [Fact]
    public async Task A_known_result_resolves_to_its_value_and_a_pending_one_to_itself()
    {
        var pending = new Pending("later");

        Assert.Equal("source!", await ResolveAsync(c => DataLoaderResults.Known(c.Source + "!")));
        Assert.Equal("SOURCE", await ResolveAsync(c => DataLoaderResults.Known(c.Source).Then(s => s.ToUpperInvariant())));
        Assert.Same(pending, await ResolveAsync(_ => pending));
        Assert.Null(await ResolveAsync(_ => null));
    }

    [Fact]
    public async Task Then_maps_a_result_still_loading_when_it_arrives_and_hands_on_a_failing_map_as_a_faulted_task()
    {
        var loading = new TaskCompletionSource<string>();
        var later = new Later(loading.Task);

        var mapped = ((IDataLoaderResult)later.Then(s => s.Length)).GetResultAsync();
        var failing = later.Then<string, int>(_ => throw new InvalidOperationException("map failed")).GetResultAsync();
        Assert.False(mapped.IsCompleted);
        loading.SetResult("three");

        Assert.Equal(5, await mapped);
        Assert.Equal("map failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        // A known value is mapped at once, in the resolver: its failure is the resolver's.
        Assert.IsType<InvalidOperationException>(Record.Exception(() => DataLoaderResults.Known("x").Then<string, int>(_ => throw new InvalidOperationException("at once"))));
        var completedFailing = new Pending("y").Then<string, int>(_ => throw new InvalidOperationException("completed")).GetResultAsync();
        Assert.True(completedFailing.IsFaulted);
    }

    private sealed class Later(Task<string> value) : IDataLoaderResult<string>
    {
        public Task<string> GetResultAsync(CancellationToken cancellationToken = default) => value;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await value;
    }

    [Fact]
    public async Task Then_maps_a_pending_result_when_it_is_read()
    {
        var pending = new Pending("later");

        var mapped = await ResolveAsync(_ => pending.Then(s => s.Length));

        Assert.Equal(0, pending.Reads);
        var result = Assert.IsAssignableFrom<IDataLoaderResult>(mapped);
        Assert.Equal(5, await result.GetResultAsync());
        Assert.Equal(1, pending.Reads);
    }
}
