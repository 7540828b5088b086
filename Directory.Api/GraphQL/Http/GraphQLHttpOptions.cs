using System.ComponentModel.DataAnnotations;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// Limits and switches of the GraphQL-over-HTTP endpoint, bound from the <c>GraphQL:Http</c> configuration section.
/// </summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "GraphQL:Http";

    /// <summary>
    /// The largest POST body accepted, in bytes; larger requests get 413. The body is buffered whole before parsing,
    /// so this also bounds the memory one request can hold (at most 10 MiB).
    /// </summary>
    [Range(1, 10 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 100 * 1024;

    /// <summary>Whether a browser opening the endpoint gets the GraphiQL explorer.</summary>
    public bool EnableGraphiQL { get; set; } = true;
}
