using System.Runtime.CompilerServices;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Directory.Api.GraphQL;

/// <summary>
/// GraphQL.NET's validator, with a shorter path for documents from <see cref="DocumentCache"/> (already fully valid, so
/// only the checks that read the request's variables are left). GraphQL.NET would walk the operation three times per
/// request: for where variables are used, to parse the arguments, and with type information for the complexity limit.
/// Here the places with arguments and directives are found once per cached operation (<see cref="ArgumentSites"/>), the
/// variables are coerced by GraphQL.NET with a context that remembers their uses, the same GraphQL.NET calls parse each
/// argument and directive, and the complexity limits run on those values, once per operation and complexity signature
/// (<see cref="ArgumentSites.ComplexitySignature"/>). Same values and errors, no walk for a repeated request.
/// </summary>
internal sealed class CachedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator _inner = new();
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, ArgumentSites> _sites = [];

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options) =>
        options.Rules is CachedDocumentRules { DocumentRules.Count: 0 } cached
            ? ValidateCachedAsync(options, cached)
            : _inner.ValidateAsync(options);

    private async Task<IValidationResult> ValidateCachedAsync(ValidationOptions options, CachedDocumentRules cached)
    {
        options.Schema.Initialize();
        var sites = SitesOf(options);
        var variableContext = ForRequest(sites.RentVariableContext() ?? new ValidationContext(), options);
        Variables variables;
        List<ValidationError>? errors;
        try
        {
            (variables, errors) = await variableContext.GetVariablesValuesAsync().ConfigureAwait(false);
        }
        finally
        {
            sites.Return(variableContext);
        }

        if (errors is not null)
        {
            return new ValidationResult(errors) { Variables = variables };
        }

        var (arguments, directives) = sites.Parse(options.Schema, options.Document, variables, ref errors);
        var result = new ValidationResult(errors ?? []) { Variables = variables, ArgumentValues = arguments, DirectiveValues = directives };
        if (errors is not null || cached.ComplexityRules.Count == 0)
        {
            return result;
        }

        // The complexity and depth of an operation depend on little besides the document (see ComplexitySignature).
        var signature = sites.ComplexitySignature(arguments, directives);
        if (sites.WithinLimits(signature))
        {
            return result;
        }

        var context = ForRequest(new ValidationContext { ArgumentValues = arguments, DirectiveValues = directives }, options);
        foreach (var rule in cached.ComplexityRules)
        {
            // The complexity rule does its work here and never returns a visitor.
            if (await rule.GetPostNodeVisitorAsync(context).ConfigureAwait(false) is not null)
            {
                return await _inner.ValidateAsync(options).ConfigureAwait(false);
            }
        }

        if (context.HasErrors)
        {
            return new ValidationResult(context.Errors) { Variables = variables, ArgumentValues = arguments, DirectiveValues = directives };
        }

        sites.RememberWithinLimits(signature);
        return result;
    }

    /// <summary>The context set up for the request, as GraphQL.NET's validator sets up its own.</summary>
    private static ValidationContext ForRequest(ValidationContext context, in ValidationOptions options)
    {
        context.Schema = options.Schema;
        context.Document = options.Document;
        context.Operation = options.Operation;
        context.Variables = options.Variables;
        context.Extensions = options.Extensions;
        context.UserContext = options.UserContext;
        context.RequestServices = options.RequestServices;
        context.User = options.User;
        context.Metrics = options.Metrics;
        context.CancellationToken = options.CancellationToken;
        return context;
    }

    private ArgumentSites SitesOf(in ValidationOptions options)
    {
        if (!_sites.TryGetValue(options.Operation, out var sites))
        {
            sites = ArgumentSites.Find(options.Schema, options.Document, options.Operation);
            _sites.AddOrUpdate(options.Operation, sites);
        }

        return sites;
    }
}
