using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Directory.Api.GraphQL;

/// <summary>
/// Where an operation of a valid document has arguments to parse: the fields given arguments (with their definitions)
/// and the nodes given directives, in the order GraphQL.NET's validator parses them. Found once per cached operation,
/// so a request parses its argument values and directives without walking the operation (<see cref="CachedDocumentValidator"/>).
/// </summary>
internal sealed class ArgumentSites
{
    private readonly Site[] _sites;

    /// <summary>Complexity signatures (<see cref="ComplexitySignature"/>) that passed the complexity limits.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _withinLimits = new(StringComparer.Ordinal);

    /// <summary>Most complexity signatures remembered per operation (a page size per request is the usual variation).</summary>
    private const int MaxSignatures = 64;

    /// <summary>Contexts handed back, a few so that concurrent requests of one document each find one.</summary>
    private readonly ValidationContext?[] _variableContexts = new ValidationContext?[Math.Max(2, Environment.ProcessorCount)];

    private ArgumentSites(Site[] sites) => _sites = sites;

    /// <summary>A field with arguments (<see cref="Definition"/> set) or a node with directives.</summary>
    private readonly record struct Site(ASTNode Node, FieldType? Definition);

    /// <summary>Fields with arguments and nodes with directives of the operation, in the validator's order.</summary>
    public static ArgumentSites Find(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        var context = new Finder.Context(schema, document);
        Finder.Instance.VisitAsync(operation, context).AsTask().GetAwaiter().GetResult();
        return new ArgumentSites([.. context.Sites]);
    }

    /// <summary>
    /// A validation context for coercing this operation's variables. GraphQL.NET's context remembers, per operation, where
    /// the variables are used (needed to coerce a nullable variable used where null is not allowed), and finding that
    /// walks the operation; a context handed back after use keeps it for the next request. Null when all are in use.
    /// </summary>
    public ValidationContext? RentVariableContext()
    {
        for (var i = 0; i < _variableContexts.Length; i++)
        {
            if (Volatile.Read(ref _variableContexts[i]) is not null && Interlocked.Exchange(ref _variableContexts[i], null) is { } context)
            {
                return context;
            }
        }

        return null;
    }

    /// <summary>Hands back a context from <see cref="RentVariableContext"/>, or one made for this operation.</summary>
    public void Return(ValidationContext context)
    {
        // Nothing of the request stays referenced; schema, document and operation are this operation's own.
        context.Variables = null!;
        context.Extensions = null!;
        context.UserContext = null!;
        context.RequestServices = null;
        context.User = null;
        context.Metrics = null!;
        context.CancellationToken = default;
        for (var i = 0; i < _variableContexts.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _variableContexts[i], context, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The argument values of the fields and the directives of the nodes for these variables, as GraphQL.NET's validator
    /// parses them (same calls, same order); each invalid value adds its error to <paramref name="errors"/>.
    /// </summary>
    public (Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>? Arguments, Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>? Directives) Parse(
        ISchema schema, GraphQLDocument document, Variables variables, ref List<ValidationError>? errors)
    {
        Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>? arguments = null;
        Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>? directives = null;
        foreach (var site in _sites)
        {
            try
            {
                if (site.Definition is null)
                {
                    if (ExecutionHelper.GetDirectives((IHasDirectivesNode)site.Node, variables, schema, document) is { } values)
                    {
                        (directives ??= []).Add(site.Node, values);
                    }
                }
                else
                {
                    var field = (GraphQLField)site.Node;
                    if (ExecutionHelper.GetArguments(site.Definition.Arguments, field.Arguments, variables, document, field, null) is { } values)
                    {
                        (arguments ??= []).Add(field, values);
                    }
                }
            }
            catch (ValidationError error)
            {
                (errors ??= []).Add(error);
            }
        }

        return (arguments, directives);
    }

    /// <summary>
    /// What GraphQL.NET's complexity analysis reads from a request besides the document, with the default field impact
    /// (the only one in this schema besides introspection's constants; <c>ComplexityTests</c> checks): the integer
    /// <c>first</c> and <c>last</c> and whether an <c>id</c> is given, per field with arguments, and the <c>@skip</c>
    /// and <c>@include</c> conditions. Requests of an operation with the same signature have the same complexity and depth.
    /// </summary>
    public string ComplexitySignature(IReadOnlyDictionary<GraphQLField, IDictionary<string, ArgumentValue>>? arguments, IReadOnlyDictionary<ASTNode, IDictionary<string, DirectiveInfo>>? directives)
    {
        var signature = new System.Text.StringBuilder();
        foreach (var site in _sites)
        {
            if (site.Definition is null)
            {
                var values = directives?.GetValueOrDefault(site.Node);
                signature.Append(Condition(values, "skip")).Append(Condition(values, "include"));
            }
            else
            {
                var values = arguments?.GetValueOrDefault((GraphQLField)site.Node);
                signature.Append(Integer(values, "first")).Append(',').Append(Integer(values, "last")).Append(values?.ContainsKey("id") == true ? "i" : "-");
            }

            signature.Append(';');
        }

        return signature.ToString();

        static string Condition(IDictionary<string, DirectiveInfo>? values, string name) =>
            values?.TryGetValue(name, out var directive) != true ? "." : directive!.GetArgument<bool>("if") ? "t" : "f";

        static string Integer(IDictionary<string, ArgumentValue>? values, string name) =>
            values?.TryGetValue(name, out var value) == true && value.Value is int number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    /// <summary>Whether requests with this signature passed the complexity limits before.</summary>
    public bool WithinLimits(string signature) => _withinLimits.ContainsKey(signature);

    /// <summary>Remembers that requests with this signature pass the complexity limits (a bounded number of them).</summary>
    public void RememberWithinLimits(string signature)
    {
        if (_withinLimits.Count < MaxSignatures)
        {
            _withinLimits.TryAdd(signature, true);
        }
    }

    /// <summary>
    /// Walks an operation as GraphQL.NET's <c>DocumentValidator.ParseArgumentVisitor</c> does (graphql-dotnet 8.8, MIT
    /// licence): the nodes with directives before their children, each fragment once, fields typed by the enclosing
    /// object, interface or fragment type condition.
    /// </summary>
    private sealed class Finder : ASTVisitor<Finder.Context>
    {
        public static readonly Finder Instance = new();

        public override ValueTask VisitAsync(ASTNode? node, Context context)
        {
            if (node is IHasDirectivesNode { Directives.Count: > 0 })
            {
                context.Sites.Add(new Site(node, null));
            }

            return base.VisitAsync(node, context);
        }

        protected override async ValueTask VisitOperationDefinitionAsync(GraphQLOperationDefinition operationDefinition, Context context)
        {
            IComplexGraphType? type = operationDefinition.Operation switch
            {
                OperationType.Query => context.Schema.Query,
                OperationType.Mutation => context.Schema.Mutation,
                OperationType.Subscription => context.Schema.Subscription,
                _ => null,
            };
            if (type is null)
            {
                return;
            }

            context.Types.Push(type);
            await base.VisitOperationDefinitionAsync(operationDefinition, context).ConfigureAwait(false);
            context.Types.Pop();
        }

        protected override async ValueTask VisitInlineFragmentAsync(GraphQLInlineFragment inlineFragment, Context context)
        {
            if (inlineFragment.TypeCondition is null)
            {
                await base.VisitInlineFragmentAsync(inlineFragment, context).ConfigureAwait(false);
                return;
            }

            await VisitTypedAsync(inlineFragment.TypeCondition, context, () => base.VisitInlineFragmentAsync(inlineFragment, context)).ConfigureAwait(false);
        }

        protected override ValueTask VisitFragmentSpreadAsync(GraphQLFragmentSpread fragmentSpread, Context context)
        {
            var name = fragmentSpread.FragmentName.Name.Value;
            return context.VisitedFragments.Add(name) && context.Document.FindFragmentDefinition(fragmentSpread.FragmentName.Name) is { } definition
                ? VisitAsync(definition, context)
                : default;
        }

        protected override ValueTask VisitFragmentDefinitionAsync(GraphQLFragmentDefinition fragmentDefinition, Context context) =>
            VisitTypedAsync(fragmentDefinition.TypeCondition, context, () => base.VisitFragmentDefinitionAsync(fragmentDefinition, context));

        protected override async ValueTask VisitFieldAsync(GraphQLField field, Context context)
        {
            var schema = context.Schema;
            var name = field.Name.Value;
            var definition =
                name == schema.TypeMetaFieldType.Name ? schema.TypeMetaFieldType :
                name == schema.TypeNameMetaFieldType.Name ? schema.TypeNameMetaFieldType :
                name == schema.SchemaMetaFieldType.Name ? schema.SchemaMetaFieldType :
                context.Types.Count > 0 ? context.Types.Peek()?.Fields.Find(name) : null;
            if (definition is null)
            {
                return;
            }

            if (field.Arguments?.Count > 0)
            {
                context.Sites.Add(new Site(field, definition));
            }

            switch (definition.ResolvedType?.GetNamedType())
            {
                case IComplexGraphType type:
                    context.Types.Push(type);
                    await base.VisitFieldAsync(field, context).ConfigureAwait(false);
                    context.Types.Pop();
                    break;
                case UnionGraphType:
                    // Only fragments (typed by their condition) and __typename below a union: no type of its own, as in GraphQL.NET.
                    await base.VisitFieldAsync(field, context).ConfigureAwait(false);
                    break;
            }
        }

        private static async ValueTask VisitTypedAsync(GraphQLTypeCondition condition, Context context, Func<ValueTask> visit)
        {
            switch (context.Schema.AllTypes[condition.Type.Name.Value]?.GetNamedType())
            {
                case IComplexGraphType type:
                    context.Types.Push(type);
                    await visit().ConfigureAwait(false);
                    context.Types.Pop();
                    break;
                case IAbstractGraphType:
                    await visit().ConfigureAwait(false);
                    break;
            }
        }

        public sealed class Context(ISchema schema, GraphQLDocument document) : IASTVisitorContext
        {
            public ISchema Schema => schema;

            public GraphQLDocument Document => document;

            public Stack<IComplexGraphType?> Types { get; } = new();

            public HashSet<ROM> VisitedFragments { get; } = [];

            public List<Site> Sites { get; } = [];

            public CancellationToken CancellationToken => default;
        }
    }
}
