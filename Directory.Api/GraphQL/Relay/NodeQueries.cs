using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Relay;

/// <summary>The Relay refetch fields.</summary>
public static class NodeQueries
{
    /// <summary>At most this many ids in one <c>nodes</c> call, like a page.</summary>
    public const int MaxIds = 100;

    public static void AddNodeQueries(this ObjectGraphType query, NodeRegistry registry)
    {
        query.Field<NodeInterface, object>("node")
            .Description("Fetches any object by its global ID. Null when no such object exists or it is not public; an INVALID_ID error when the ID is malformed.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global ID from this API.")
            .LangArgument()
            .Resolve(c =>
            {
                LanguageArgument.Validate(c);
                var id = c.GetArgument<string>("id");
                return registry.Load(c.Loaders(), id) ?? throw DirectoryError.InvalidId("id", $"'{id}' is not a valid ID.");
            });

        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>, object>("nodes")
            .Description($"Fetches objects by global ID, in the order given, null for each that does not exist (at most {MaxIds}). Objects of one type load in one statement.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global IDs from this API.")
            .LangArgument()
            .Resolve(c =>
            {
                LanguageArgument.Validate(c);
                var ids = c.GetArgument<List<string>>("ids");
                if (ids.Count > MaxIds)
                {
                    throw DirectoryError.BadInput("ids", $"'ids' may hold at most {MaxIds} IDs; got {ids.Count}.");
                }

                var pending = ids.Select(id => registry.Load(c.Loaders(), id) ?? throw DirectoryError.InvalidId("ids", $"'{id}' is not a valid ID.")).ToList();
                return new AllResults(pending);
            });
    }

    private sealed class AllResults(List<IDataLoaderResult<object?>> results) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new object?[results.Count];
            for (var i = 0; i < results.Count; i++)
            {
                values[i] = await results[i].GetResultAsync(cancellationToken).ConfigureAwait(false);
            }

            return values;
        }
    }
}
