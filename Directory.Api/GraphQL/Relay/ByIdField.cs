using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Localization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Relay;

public static class ByIdField
{
    /// <summary>
    /// A root field fetching one object by its global ID (with <c>lang</c>): INVALID_ID for a malformed or
    /// wrong-type ID, NOT_FOUND when no such object exists. Loads batch with the type's other loads.
    /// </summary>
    public static void AddByIdField<TGraphType, TSource>(
        this ObjectGraphType query, string name, string typeName, string noun, Func<IResolveFieldContext, int, IDataLoaderResult<TSource?>> load)
        where TGraphType : IGraphType
        where TSource : class =>
        query.Field<TGraphType, TSource>(name)
            .Description($"One {noun} by its global ID.")
            .Argument<NonNullGraphType<IdGraphType>>("id", $"The {noun}'s global ID.")
            .LangArgument()
            .ResolveAsync(async c =>
            {
                LanguageArgument.Validate(c);
                var id = GlobalId.DecodeInt(c.GetArgument<string>("id"), typeName, "id");
                return await load(c, id).GetResultAsync(c.CancellationToken)
                    ?? throw DirectoryError.NotFound("id", $"No {noun} has this ID.");
            });
}
