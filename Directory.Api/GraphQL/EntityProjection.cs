using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;

namespace Directory.Api.GraphQL;

/// <summary>
/// Which properties of an entity a selection needs, so that lists read only those columns. A field declares what it
/// reads from its source with <see cref="Reads{TSource, TReturn}"/>; a selection needs the union of its fields'
/// declarations, or the whole row as soon as one selected field declares nothing. Directives are ignored (a field
/// under <c>@skip</c> still counts: more columns, never fewer), so the answer depends on the document alone and is
/// remembered per field of a parsed document.
/// </summary>
public static class EntityProjection
{
    private const string MetadataKey = "Directory.Reads";

    private static readonly ConditionalWeakTable<GraphQLField, StrongBox<string[]?>> RememberedNodes = [];

    private static readonly ConditionalWeakTable<GraphQLField, StrongBox<string[]?>> RememberedFields = [];

    /// <summary>Declares the properties of its source this field reads (the key is always read).</summary>
    public static FieldBuilder<TSource, TReturn> Reads<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, params string[] properties)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.FieldType.Reads(properties);
        return field;
    }

    /// <inheritdoc cref="Reads{TSource, TReturn}"/>
    public static FieldType Reads(this FieldType field, IEnumerable<string> properties)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(properties);
        var known = field.GetMetadata<string[]>(MetadataKey) ?? [];
        field.Metadata[MetadataKey] = known.Union(properties, StringComparer.Ordinal).ToArray();
        return field;
    }

    /// <summary>What <paramref name="field"/> declared it reads, or null when it declared nothing.</summary>
    public static IReadOnlyList<string>? DeclaredReads(FieldType field) => field?.GetMetadata<string[]>(MetadataKey);

    /// <summary>
    /// The properties the nodes of the connection being resolved need (fields under <c>nodes</c> and <c>edges.node</c>),
    /// or null for whole rows.
    /// </summary>
    public static IReadOnlyCollection<string>? OfConnectionNodes(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RememberedNodes.GetValue(context.FieldAst, _ =>
        {
            var connection = context.FieldDefinition.ResolvedType?.GetNamedType() as IComplexGraphType;
            var nodeType = connection?.GetField("nodes")?.ResolvedType?.GetNamedType() as IComplexGraphType;
            if (connection is null || nodeType is null)
            {
                return new StrongBox<string[]?>(null);
            }

            var selections = new List<GraphQLSelectionSet>();
            foreach (var field in Fields(context.Document, context.FieldAst.SelectionSet))
            {
                if (field.Name == "nodes" && field.SelectionSet is { } nodeSelection)
                {
                    selections.Add(nodeSelection);
                }
                else if (field.Name == "edges")
                {
                    selections.AddRange(Fields(context.Document, field.SelectionSet).Where(f => f.Name == "node" && f.SelectionSet is not null).Select(f => f.SelectionSet!));
                }
            }

            return new StrongBox<string[]?>(Needed(context.Document, nodeType, selections));
        }).Value;
    }

    /// <summary>The properties the objects of the (list) field being resolved need, or null for whole rows.</summary>
    public static IReadOnlyCollection<string>? OfField(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RememberedFields.GetValue(context.FieldAst, _ =>
            new StrongBox<string[]?>(context.FieldDefinition.ResolvedType?.GetNamedType() is IComplexGraphType type && context.FieldAst.SelectionSet is { } selection
                ? Needed(context.Document, type, [selection])
                : null)).Value;
    }

    /// <summary>A short stable name of a property set (for loader names): the sorted names, or "*" for whole rows.</summary>
    public static string Key(IReadOnlyCollection<string>? properties) =>
        properties is null ? "*" : Keys.GetValue(properties, p => string.Join(',', p.Order(StringComparer.Ordinal)));

    private static readonly ConditionalWeakTable<IReadOnlyCollection<string>, string> Keys = [];

    private static string[]? Needed(GraphQLDocument document, IComplexGraphType type, IEnumerable<GraphQLSelectionSet> selections)
    {
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in selections.SelectMany(s => Fields(document, s)))
        {
            if (field.Name == "__typename")
            {
                continue;
            }

            if (type.GetField(field.Name.Value) is not { } definition || DeclaredReads(definition) is not { } reads)
            {
                return null;
            }

            needed.UnionWith(reads);
        }

        return [.. needed];
    }

    /// <summary>The fields of a selection set, through fragment spreads and inline fragments (whatever their type condition).</summary>
    private static IEnumerable<GraphQLField> Fields(GraphQLDocument document, GraphQLSelectionSet? selectionSet, int depth = 0)
    {
        // Validation rejects fragment cycles; the depth guard keeps this finite regardless.
        if (selectionSet is null || depth > 32)
        {
            yield break;
        }

        foreach (var selection in selectionSet.Selections)
        {
            var inner = selection switch
            {
                GraphQLField field => [field],
                GraphQLInlineFragment inline => Fields(document, inline.SelectionSet, depth + 1),
                GraphQLFragmentSpread spread => Fields(document, document.FindFragmentDefinition(spread.FragmentName.Name)?.SelectionSet, depth + 1),
                _ => [],
            };
            foreach (var field in inner)
            {
                yield return field;
            }
        }
    }
}
