using System.Runtime.CompilerServices;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Directory.Api.GraphQL;

/// <summary>
/// GraphQL.NET's parallel strategy for queries, which collects the fields of a selection set once per selection set and
/// object type instead of once per object: a page of 20 services with their places and categories otherwise collects
/// the same few selection sets about a hundred times. Only selection sets whose collection cannot change from one
/// request to the next are remembered: no <c>@skip</c>/<c>@include</c> (their conditions can be variables) on the
/// fields and fragments collected, and no two selections merged under one response name (the merged field is built
/// per request, with its argument values). Everything else is collected per object as before.
/// </summary>
internal sealed class QueryExecutionStrategy : ParallelExecutionStrategy
{
    /// <summary>The collected fields of a selection set, per object type it was collected for (usually one).</summary>
    private readonly ConditionalWeakTable<GraphQLSelectionSet, Collected> _collected = [];

    protected override void SetSubFieldNodes(ExecutionContext context, ObjectExecutionNode parent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parent);
        if (parent is RootExecutionNode || parent.SelectionSet is not { } selectionSet)
        {
            base.SetSubFieldNodes(context, parent);
            return;
        }

        var parentType = parent.GetObjectGraphType(context.Schema) ?? parent.GraphType;
        var collected = _collected.GetValue(selectionSet, _ => new Collected());
        var fields = collected.For(parentType);
        if (fields is null)
        {
            var found = CollectFieldsFrom(context, parentType, selectionSet, null);
            if (!Cacheable(context.Document, selectionSet, found.Count))
            {
                base.SetSubFieldNodes(context, parent);
                return;
            }

            fields = [.. found.Values];
            collected.Add(parentType, fields);
        }

        var nodes = new ExecutionNode[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var (field, definition) = fields[i];
            nodes[i] = BuildExecutionNode(parent, definition.ResolvedType!, field, definition);
        }

        parent.SubFields = nodes;
    }

    /// <summary>
    /// Whether collecting <paramref name="selectionSet"/> depends on nothing but the document: no directive on its
    /// selections or on the fragments it spreads, and one selection per collected response name (no merge).
    /// </summary>
    internal static bool Cacheable(GraphQLDocument document, GraphQLSelectionSet selectionSet, int collectedCount)
    {
        var fieldSelections = 0;
        return Walk(selectionSet, 0) && fieldSelections == collectedCount;

        bool Walk(GraphQLSelectionSet set, int depth)
        {
            // Fragment cycles are rejected by validation; the depth guard only keeps this walk finite regardless.
            if (depth > 32)
            {
                return false;
            }

            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field when field.Directives is null:
                        fieldSelections++;
                        break;
                    case GraphQLInlineFragment inline when inline.Directives is null:
                        if (!Walk(inline.SelectionSet, depth + 1))
                        {
                            return false;
                        }

                        break;
                    case GraphQLFragmentSpread spread when spread.Directives is null:
                        var fragment = document.FindFragmentDefinition(spread.FragmentName.Name);
                        if (fragment is null || fragment.Directives is not null || !Walk(fragment.SelectionSet, depth + 1))
                        {
                            return false;
                        }

                        break;
                    default:
                        return false;
                }
            }

            return true;
        }
    }

    /// <summary>Collected fields by object type; written rarely (first sight of a type), read on every object.</summary>
    private sealed class Collected
    {
        private volatile KeyValuePair<IGraphType, (GraphQLField Field, FieldType Definition)[]>[] _byType = [];

        public (GraphQLField Field, FieldType Definition)[]? For(IGraphType type)
        {
            foreach (var (known, fields) in _byType)
            {
                if (ReferenceEquals(known, type))
                {
                    return fields;
                }
            }

            return null;
        }

        public void Add(IGraphType type, (GraphQLField Field, FieldType Definition)[] fields)
        {
            lock (this)
            {
                if (For(type) is null)
                {
                    _byType = [.. _byType, new(type, fields)];
                }
            }
        }
    }
}
