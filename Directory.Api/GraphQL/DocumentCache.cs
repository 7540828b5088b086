using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace Directory.Api.GraphQL;

/// <summary>
/// Keeps the parsed form of documents that validated and ran, by their text, so that a client repeating a query (with
/// other variables) skips parsing and the validation rules that depend on the document alone. Rules that depend on the
/// variables still run on every request: the variables themselves are coerced and checked as usual, and so is the
/// complexity limit (a variable can set <c>first</c>). Bounded: when full it starts over.
/// </summary>
internal sealed class DocumentCache : IConfigureExecution
{
    /// <summary>Most documents kept.</summary>
    public const int Capacity = 1_000;

    /// <summary>Longest document text kept, in characters; longer ones are parsed every time.</summary>
    public const int MaxQueryLength = 20_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>After the options configurations (100), which add the validation rules this reads.</summary>
    public float SortOrder => 200;

    /// <summary>Documents held now.</summary>
    public int Count => _documents.Count;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        if (options.Document is not null || options.Query is not { Length: <= MaxQueryLength } query || options.DocumentId is not null)
        {
            return await next(options).ConfigureAwait(false);
        }

        if (_documents.TryGetValue(query, out var cached))
        {
            options.Document = cached;
            options.ValidationRules = ForCachedDocument(options);
            return await next(options).ConfigureAwait(false);
        }

        var result = await next(options).ConfigureAwait(false);
        if (result.Executed && result.Document is { } document)
        {
            if (_documents.Count >= Capacity)
            {
                _documents.Clear();
            }

            _documents.TryAdd(query, document);
        }

        return result;
    }

    /// <summary>The rules registered for cached documents, plus the complexity limit, which reads the variables.</summary>
    private static CachedDocumentRules ForCachedDocument(ExecutionOptions options) =>
        new([.. options.CachedDocumentValidationRules ?? []], [.. (options.ValidationRules ?? []).OfType<ComplexityValidationRule>().Distinct()]);
}

/// <summary>
/// The validation rules of a cached document: those registered for cached documents, and the complexity limits, which
/// only need the request's argument values (<see cref="CachedDocumentValidator"/> runs them without walking the
/// document). Enumerates as all of them, so any other validator runs them as usual.
/// </summary>
internal sealed class CachedDocumentRules(IReadOnlyList<IValidationRule> documentRules, IReadOnlyList<ComplexityValidationRule> complexityRules)
    : IEnumerable<IValidationRule>
{
    public IReadOnlyList<IValidationRule> DocumentRules => documentRules;

    public IReadOnlyList<ComplexityValidationRule> ComplexityRules => complexityRules;

    public IEnumerator<IValidationRule> GetEnumerator() => documentRules.Concat(complexityRules).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
