using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace Directory.Api.GraphQL;

/// <summary>
/// GraphQL.NET's validator, with one shortcut for documents from <see cref="DocumentCache"/>. GraphQL.NET walks the whole
/// document with its type information whenever any rule is given, even when the only rule is the complexity limit, which
/// walks the operation again by itself after the arguments are parsed. For a cached document (already fully valid) this
/// validator lets GraphQL.NET coerce the variables and parse the arguments with the document-only rules (usually none, so no
/// walk), then runs the complexity limits on those argument values: same checks, one walk fewer per request.
/// </summary>
internal sealed class CachedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator _inner = new();

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options) =>
        options.Rules is CachedDocumentRules cached && cached.ComplexityRules.Count > 0
            ? ValidateCachedAsync(options, cached)
            : _inner.ValidateAsync(options);

    private async Task<IValidationResult> ValidateCachedAsync(ValidationOptions options, CachedDocumentRules cached)
    {
        var result = await _inner.ValidateAsync(options with { Rules = cached.DocumentRules }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return result;
        }

        var context = new ValidationContext
        {
            Schema = options.Schema,
            Document = options.Document,
            Operation = options.Operation,
            UserContext = options.UserContext,
            Metrics = options.Metrics,
            Variables = options.Variables,
            Extensions = options.Extensions,
            RequestServices = options.RequestServices,
            User = options.User,
            CancellationToken = options.CancellationToken,
            // GraphQL.NET hands its own dictionaries out read-only; the complexity visitor reads them back.
            ArgumentValues = result.ArgumentValues as Dictionary<GraphQLField, IDictionary<string, global::GraphQL.Execution.ArgumentValue>>,
            DirectiveValues = result.DirectiveValues as Dictionary<ASTNode, IDictionary<string, global::GraphQL.Execution.DirectiveInfo>>,
        };
        if ((result.ArgumentValues is not null && context.ArgumentValues is null) || (result.DirectiveValues is not null && context.DirectiveValues is null))
        {
            // Not the dictionaries this was written against: validate the usual way.
            return await _inner.ValidateAsync(options).ConfigureAwait(false);
        }

        foreach (var rule in cached.ComplexityRules)
        {
            // The complexity rule does its work here and never returns a visitor.
            if (await rule.GetPostNodeVisitorAsync(context).ConfigureAwait(false) is not null)
            {
                return await _inner.ValidateAsync(options).ConfigureAwait(false);
            }
        }

        return context.HasErrors
            ? new ValidationResult(context.Errors)
            {
                Variables = result.Variables,
                ArgumentValues = result.ArgumentValues,
                DirectiveValues = result.DirectiveValues,
            }
            : result;
    }
}
