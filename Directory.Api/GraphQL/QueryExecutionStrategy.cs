using System.Collections;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.DataLoader;
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
/// <para>
/// It also resolves scalar and enum fields of an object as soon as the object has its fields, instead of queueing each
/// one for a later turn of the loop (a page of 20 services has a few hundred of them): same resolver, same
/// serialization and non-null check, same error handling as GraphQL.NET's <c>ExecuteNodeAsync</c>/<c>CompleteNodeAsync</c>;
/// a resolver that returns a DataLoader result or does not finish at once is completed as usual. Like GraphQL.NET's
/// own <c>ExecuteNodeAsync</c>, it hands the resolve context of a finished leaf on to the next one (a few hundred
/// contexts fewer per page), except after a DataLoader result or a sequence, which may read it later.
/// </para>
/// </summary>
internal class QueryExecutionStrategy : ParallelExecutionStrategy
{
    /// <summary>The collected fields of a selection set, per object type it was collected for (usually one).</summary>
    private readonly ConditionalWeakTable<GraphQLSelectionSet, Collected> _collected = [];

    /// <summary>
    /// GraphQL.NET's <see cref="ParallelExecutionStrategy.ExecuteNodeTreeAsync"/> (graphql-dotnet 8.8, MIT licence), with
    /// the children of each finished node handed to <see cref="ScheduleChildren"/>, which resolves leaves at once.
    /// </summary>
    public override async Task ExecuteNodeTreeAsync(ExecutionContext context, ExecutionNode rootNode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var queues = new Queues();
        queues.Pending.Enqueue(rootNode);
        var currentTasks = new List<Task>();
        var currentNodes = new List<ExecutionNode>();
        try
        {
            while (queues.Pending.Count > 0 || queues.DataLoaders.Count > 0 || currentTasks.Count > 0)
            {
                while (queues.Pending.Count > 0 || currentTasks.Count > 0)
                {
                    while ((context.MaxParallelExecutionCount is null || currentTasks.Count < context.MaxParallelExecutionCount) && queues.Pending.Count > 0)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        var node = queues.Pending.Dequeue();
                        var task = ExecuteNodeAsync(context, node);
                        if (task.IsCompleted)
                        {
                            await task.ConfigureAwait(false);
                            ScheduleChildren(context, node, queues);
                        }
                        else
                        {
                            currentTasks.Add(task);
                            currentNodes.Add(node);
                        }
                    }

                    await Task.WhenAll(currentTasks).ConfigureAwait(false);
                    foreach (var node in currentNodes)
                    {
                        ScheduleChildren(context, node, queues);
                    }

                    currentTasks.Clear();
                    currentNodes.Clear();
                    if (queues.Unfinished.Count > 0)
                    {
                        await FinishLeavesAsync(context, queues).ConfigureAwait(false);
                    }
                }

                while (queues.DataLoaders.Count > 0)
                {
                    var node = queues.DataLoaders.Dequeue();
                    currentTasks.Add(CompleteDataLoaderNodeAsync(context, node));
                    currentNodes.Add(node);
                }
            }
        }
        catch (Exception original)
        {
            // Leaves still resolving are awaited with the tasks, as GraphQL.NET awaits every started node.
            currentTasks.AddRange(queues.Unfinished.Where(u => u.Failure is null).Select(u => u.Resolving.AsTask()));
            if (currentTasks.Count > 0)
            {
                try
                {
                    await Task.WhenAll(currentTasks).ConfigureAwait(false);
                }
                catch (Exception awaited)
                {
                    if (original.Data?.IsReadOnly == false)
                    {
                        original.Data["GRAPHQL_ALL_TASKS_AWAITED_EXCEPTION"] = awaited;
                    }
                }
            }

            throw;
        }
    }

    /// <summary>
    /// What GraphQL.NET's loop does with a node that has run: a pending DataLoader result waits for the level's batch;
    /// otherwise its children are queued. Here a scalar or enum field among the children is resolved at once, and the
    /// items of a list (run already when the list completed) hand over their own children the same way. Leaves that
    /// did not finish at once or failed are left in <see cref="Queues.Unfinished"/> for <see cref="FinishLeavesAsync"/>.
    /// </summary>
    private void ScheduleChildren(ExecutionContext context, ExecutionNode node, Queues queues)
    {
        if (node.Result is IDataLoaderResult)
        {
            queues.DataLoaders.Enqueue(node);
            return;
        }

        switch (node)
        {
            case ObjectExecutionNode { SubFields: { } fields }:
                foreach (var field in fields)
                {
                    if (field is ValueExecutionNode leaf)
                    {
                        ResolveLeaf(context, leaf, queues);
                    }
                    else
                    {
                        queues.Pending.Enqueue(field);
                    }
                }

                break;
            case ArrayExecutionNode { Items: { } items }:
                // Items were resolved with the list (ExecuteNodeAsync would return at once for them).
                foreach (var item in items)
                {
                    ScheduleChildren(context, item, queues);
                }

                break;
        }
    }

    /// <summary>GraphQL.NET's <c>ExecuteNodeAsync</c> and <c>CompleteNodeAsync</c> for a scalar or enum field, without the queue.</summary>
    private void ResolveLeaf(ExecutionContext context, ValueExecutionNode leaf, Queues queues)
    {
        // GraphQL.NET's ExecuteNodeAsync reuses one resolve context per thread the same way (its Reset is internal).
        var resolveContext = _reusableContext;
        _reusableContext = null;
        resolveContext = resolveContext is null ? new ReadonlyResolveFieldContext(leaf, context) : Reset(resolveContext, leaf, context);
        ValueTask<object?> resolving;
        try
        {
            resolving = SelectResolver(leaf, context).ResolveAsync(resolveContext);
        }
        catch (Exception ex)
        {
            queues.Unfinished.Add(new UnfinishedLeaf(leaf, default, ex));
            return;
        }

        if (!resolving.IsCompletedSuccessfully)
        {
            queues.Unfinished.Add(new UnfinishedLeaf(leaf, resolving, null));
            return;
        }

        var result = resolving.Result;
        if (Complete(context, leaf, result, queues) is { } failure)
        {
            queues.Unfinished.Add(new UnfinishedLeaf(leaf, default, failure));
        }
        else if (result is not IDataLoaderResult && (result is not System.Collections.IEnumerable || result is string))
        {
            // As GraphQL.NET: not after a DataLoader result or a sequence, which may still read the context later.
            _reusableContext ??= Reset(resolveContext, null, null);
        }
    }

    /// <summary>A resolve context no resolver holds any more, for the next leaf resolved on this thread.</summary>
    [ThreadStatic]
    private static ReadonlyResolveFieldContext? _reusableContext;

    /// <summary>GraphQL.NET's internal <c>ReadonlyResolveFieldContext.Reset</c>, which its own execution uses to reuse contexts.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Reset")]
    private static extern ReadonlyResolveFieldContext Reset(ReadonlyResolveFieldContext resolveContext, ExecutionNode? node, ExecutionContext? context);

    /// <summary>Stores a leaf's value serialized and checked (or hands a DataLoader result to the batch); an exception is returned.</summary>
    private Exception? Complete(ExecutionContext context, ValueExecutionNode leaf, object? result, Queues queues)
    {
        leaf.Result = result;
        if (result is IDataLoaderResult)
        {
            queues.DataLoaders.Enqueue(leaf);
            return null;
        }

        try
        {
            leaf.Result = leaf.GraphType.Serialize(result);
            if (leaf.IndexInParentNode is null)
            {
                ValidateLeaf(leaf);
            }
            else
            {
                ValidateNodeResult(context, leaf);
            }

            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// GraphQL.NET's <c>ValidateNodeResult</c> for a scalar or enum field of an object: of its checks only the non-null one
    /// applies (a scalar is neither an object type nor an abstract type), without its type tests on every leaf.
    /// </summary>
    private static void ValidateLeaf(ValueExecutionNode leaf)
    {
        if (leaf.Result is null && leaf.FieldDefinition.ResolvedType is NonNullGraphType nonNullType)
        {
            // GraphQL.NET's own message.
            throw new InvalidOperationException($"Cannot return null for a non-null type. Field: {leaf.Name}, Type: {nonNullType}.");
        }
    }

    /// <summary>Awaits the leaves that did not finish at once and handles failures as GraphQL.NET's <c>ExecuteNodeAsync</c> does.</summary>
    private async Task FinishLeavesAsync(ExecutionContext context, Queues queues)
    {
        var unfinished = queues.Unfinished.ToArray();
        queues.Unfinished.Clear();
        foreach (var (leaf, resolving, failed) in unfinished)
        {
            var failure = failed;
            if (failure is null)
            {
                try
                {
                    failure = Complete(context, leaf, await resolving.ConfigureAwait(false), queues);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            }

            switch (failure)
            {
                case null:
                    break;
                case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    break;
                case ExecutionError error:
                    SetNodeError(context, leaf, error);
                    break;
                default:
                    if (await ProcessNodeUnhandledExceptionAsync(context, leaf, failure).ConfigureAwait(false))
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    }

                    break;
            }
        }
    }

    /// <summary>A leaf still resolving, or one whose resolver, serialization or check failed.</summary>
    private readonly record struct UnfinishedLeaf(ValueExecutionNode Leaf, ValueTask<object?> Resolving, Exception? Failure);

    /// <summary>Nodes waiting for their turn, nodes whose DataLoader results wait for the level's batch, leaves to finish.</summary>
    private sealed class Queues
    {
        public Queue<ExecutionNode> Pending { get; } = new();

        public Queue<ExecutionNode> DataLoaders { get; } = new();

        public List<UnfinishedLeaf> Unfinished { get; } = [];
    }

    /// <summary>
    /// GraphQL.NET's <c>SetArrayItemNodesAsync</c> (graphql-dotnet 8.8, MIT licence) without its closure and asynchronous
    /// step per list: the items of a list of objects complete at once (their fields are only collected), so the list is
    /// built synchronously, and only an item that does not complete at once hands the rest of the list to
    /// <see cref="SetRemainingItemNodesAsync"/>. Same nodes, in the same order, with the same checks.
    /// </summary>
    protected override Task SetArrayItemNodesAsync(ExecutionContext context, ArrayExecutionNode parent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parent);
        var itemType = ((ListGraphType)parent.GraphType!).ResolvedType!;
        var allowNulls = true;
        if (itemType is NonNullGraphType nonNullGraphType)
        {
            allowNulls = false;
            itemType = nonNullGraphType.ResolvedType!;
        }

        if (parent.Result is not IEnumerable data)
        {
            throw new InvalidOperationException($"Expected an IEnumerable list though did not find one. Found: {parent.Result?.GetType().Name}");
        }

        if (itemType is ScalarGraphType scalarType && scalarType.CanSerializeList(data, allowNulls))
        {
            parent.SerializedResult = scalarType.SerializeList(data);
            return Task.CompletedTask;
        }

        var items = new ItemCursor(data, itemType);
        var handedOver = false;
        try
        {
            while (items.Next(this, parent, out var node))
            {
                if (node.Result is not IDataLoaderResult)
                {
                    var completing = CompleteNodeAsync(context, node);
                    if (!completing.IsCompletedSuccessfully)
                    {
                        handedOver = true;
                        return SetRemainingItemNodesAsync(context, parent, items, node, completing);
                    }
                }

                items.Nodes.Add(node);
            }

            parent.Items = items.Nodes;
            return Task.CompletedTask;
        }
        finally
        {
            if (!handedOver)
            {
                items.Dispose();
            }
        }
    }

    /// <summary>The rest of <see cref="SetArrayItemNodesAsync"/> once an item (<paramref name="node"/>) did not complete at once.</summary>
    private async Task SetRemainingItemNodesAsync(ExecutionContext context, ArrayExecutionNode parent, ItemCursor items, ExecutionNode node, Task completing)
    {
        try
        {
            await completing.ConfigureAwait(false);
            items.Nodes.Add(node);
            while (items.Next(this, parent, out node))
            {
                if (node.Result is not IDataLoaderResult)
                {
                    await CompleteNodeAsync(context, node).ConfigureAwait(false);
                }

                items.Nodes.Add(node);
            }

            parent.Items = items.Nodes;
        }
        finally
        {
            items.Dispose();
        }
    }

    /// <summary>
    /// The items of a list value, read by index when it is an <see cref="IList"/> (as GraphQL.NET does), and their nodes
    /// so far. A struct: no allocation per list beyond the nodes' own list; handed over by value, after which the
    /// synchronous part no longer uses its copy.
    /// </summary>
    private struct ItemCursor(IEnumerable data, IGraphType itemType) : IDisposable
    {
        private readonly IList? _list = data as IList;
        private readonly IEnumerator? _enumerator = data is IList ? null : data.GetEnumerator();
        private int _index;

        public List<ExecutionNode> Nodes { get; } = data is ICollection collection ? new List<ExecutionNode>(collection.Count) : [];

        /// <summary>The next item's node, built with the item as its result, or <see langword="false"/> at the end.</summary>
        public bool Next(QueryExecutionStrategy strategy, ArrayExecutionNode parent, out ExecutionNode node)
        {
            object? item;
            if (_list is not null ? _index < _list.Count : _enumerator!.MoveNext())
            {
                item = _list is not null ? _list[_index] : _enumerator!.Current;
            }
            else
            {
                node = null!;
                return false;
            }

            node = strategy.BuildExecutionNode(parent, itemType, parent.Field!, parent.FieldDefinition!, _index++);
            node.Result = item;
            return true;
        }

        public readonly void Dispose() => (_enumerator as IDisposable)?.Dispose();
    }

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
