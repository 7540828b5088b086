using GraphQL;

namespace Directory.Api.GraphQL.Loaders;

public static class ResolveContextExtensions
{
    /// <summary>The request's loaders.</summary>
    public static DataLoaderContext Loaders(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<DataLoaderContext>();
}
