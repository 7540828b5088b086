using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// Media types of the GraphQL-over-HTTP specification and the Accept negotiation between them.
/// </summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string Html = "text/html";

    /// <summary>
    /// Picks the response media type for an Accept header: the acceptable one with the higher quality, preferring
    /// <c>application/graphql-response+json</c> on a tie; <see langword="null"/> when the client accepts neither.
    /// </summary>
    public static string? Negotiate(StringValues accept)
    {
        // The spec asks servers to treat a request without Accept as "Accept: application/json", so legacy clients keep
        // their always-200 behaviour. An Accept header that cannot be parsed may be ignored (RFC 9110 §12.5.1).
        if (StringValues.IsNullOrEmpty(accept)
            || !MediaTypeHeaderValue.TryParseList(accept, out var ranges)
            || ranges.Count == 0)
        {
            return Json;
        }

        var graphQLResponse = QualityOf(GraphQLResponseJson, ranges);
        var json = QualityOf(Json, ranges);
        if (graphQLResponse <= 0 && json <= 0)
        {
            return null;
        }

        return graphQLResponse >= json ? GraphQLResponseJson : Json;
    }

    /// <summary>Whether the client names <c>text/html</c> itself (not through a wildcard): a browser opening the endpoint.</summary>
    public static bool AcceptsHtml(StringValues accept) =>
        MediaTypeHeaderValue.TryParseList(accept, out var ranges)
        && ranges.Any(range => range.MediaType.Equals(Html, StringComparison.OrdinalIgnoreCase) && (range.Quality ?? 1) > 0);

    public static string WithCharset(string mediaType) => mediaType switch
    {
        // The two the endpoint answers with, without building the string per response.
        GraphQLResponseJson => GraphQLResponseJson + Utf8Charset,
        Json => Json + Utf8Charset,
        _ => mediaType + Utf8Charset,
    };

    private const string Utf8Charset = "; charset=utf-8";

    /// <summary>The quality the client gives <paramref name="mediaType"/>: the most specific matching range decides.</summary>
    private static double QualityOf(string mediaType, IList<MediaTypeHeaderValue> ranges)
    {
        var type = mediaType[..mediaType.IndexOf('/', StringComparison.Ordinal)];
        var bestSpecificity = -1;
        var quality = 0.0;
        foreach (var range in ranges)
        {
            int specificity;
            if (range.MatchesAllTypes)
            {
                specificity = 0;
            }
            else if (range.MatchesAllSubTypes && range.Type.Equals(type, StringComparison.OrdinalIgnoreCase))
            {
                specificity = 1;
            }
            else if (range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            {
                specificity = 2;
            }
            else
            {
                continue;
            }

            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                quality = range.Quality ?? 1;
            }
        }

        return quality;
    }
}
