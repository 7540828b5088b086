using GraphQL;

namespace Directory.Api.GraphQL.Paging;

/// <summary>What a list field's selection asks for, so work on the whole list is done only when needed.</summary>
public static class FieldSelection
{
    /// <summary>
    /// Whether the field being resolved selects <paramref name="fieldName"/> directly, by field name (so an alias such as
    /// <c>total: totalCount</c> counts too); true when the selection is unknown.
    /// </summary>
    public static bool Selects(this IResolveFieldContext context, string fieldName) =>
        context?.SubFields?.Values.Any(f => f.Field.Name.Value == fieldName) ?? true;
}
