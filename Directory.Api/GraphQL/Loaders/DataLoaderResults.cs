using GraphQL.DataLoader;

namespace Directory.Api.GraphQL.Loaders;

/// <summary>Composition of pending loader results (GraphQL.NET's core has only the interface).</summary>
public static class DataLoaderResults
{
    /// <summary>Maps the value once it has loaded (at once when it is already known).</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> parent, Func<T, TResult> map) =>
        parent is Completed<T> known ? new Completed<TResult>(map(known.Value)) : new Mapped<T, TResult>(parent, map);

    /// <summary>
    /// A result already known (e.g. from a cache), with no batch to wait for: a field resolved with
    /// <see cref="LoaderFieldExtensions.ResolveLoader"/> hands the value itself to the executor.
    /// </summary>
    public static IDataLoaderResult<T> Known<T>(T value) => new Completed<T>(value);

    /// <summary>The value of a result made by <see cref="Known"/>, or the pending result itself.</summary>
    internal static object? ValueIfKnown(IDataLoaderResult? result) => result is IKnown known ? known.Value : result;

    private interface IKnown
    {
        object? Value { get; }
    }

    private sealed class Completed<T>(T value) : IDataLoaderResult<T>, IKnown
    {
        public T Value => value;

        object? IKnown.Value => value;

        public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
    }

    /// <summary>The task's value as an object: at once when it has completed (no state machine), else when it does.</summary>
    internal static Task<object?> AsObject<T>(Task<T> task) =>
        task.IsCompletedSuccessfully ? Task.FromResult<object?>(task.Result) : AwaitAsObjectAsync(task);

    private static async Task<object?> AwaitAsObjectAsync<T>(Task<T> task) => await task.ConfigureAwait(false);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> parent, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public Task<TResult> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var loading = parent.GetResultAsync(cancellationToken);
            if (!loading.IsCompletedSuccessfully)
            {
                return MapAsync(loading);
            }

            try
            {
                return Task.FromResult(map(loading.Result));
            }
            catch (Exception e)
            {
                return Task.FromException<TResult>(e);
            }
        }

        private async Task<TResult> MapAsync(Task<T> loading) => map(await loading.ConfigureAwait(false));

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => AsObject(GetResultAsync(cancellationToken));
    }
}

public static class LoaderFieldExtensions
{
    /// <summary>
    /// Resolves a field through a DataLoader: the resolver returns the pending result (or null), and the executor
    /// completes it after the current level, batched with the same field of every sibling. A result already known
    /// (<see cref="DataLoaderResults.Known"/>, e.g. reference data from memory) is handed over as the value itself, so
    /// the executor goes on with it at once instead of after the level.
    /// </summary>
    public static global::GraphQL.Builders.FieldBuilder<TSource, TReturn> ResolveLoader<TSource, TReturn>(
        this global::GraphQL.Builders.FieldBuilder<TSource, TReturn> field,
        Func<global::GraphQL.IResolveFieldContext<TSource>, IDataLoaderResult?> load) =>
        field.Resolve(new global::GraphQL.Resolvers.FuncFieldResolver<TSource, object?>(context => DataLoaderResults.ValueIfKnown(load(context))));
}
