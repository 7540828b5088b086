using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// Reads an Accept-Language header into language tags, best first.
/// </summary>
internal static class AcceptLanguage
{
    // A header can list many ranges; localization only ever looks at the first few.
    private const int MaxLanguages = 10;

    /// <summary>
    /// Returns the tags of <paramref name="header"/> ordered by quality (stable, so equal qualities keep the client's order),
    /// without <c>*</c>, refused (q=0) or malformed ranges and duplicates, with the primary subtag in lower case.
    /// </summary>
    public static IReadOnlyList<string> Parse(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header) || !StringWithQualityHeaderValue.TryParseList(header, out var ranges))
        {
            return [];
        }

        return ranges
            .Where(range => (range.Quality ?? 1) > 0)
            .Select(range => (Tag: Normalize(range.Value.Value), Quality: range.Quality ?? 1))
            .Where(range => range.Tag is not null)
            .OrderByDescending(range => range.Quality)
            .Select(range => range.Tag!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxLanguages)
            .ToArray();
    }

    /// <summary>
    /// Writes a tag in the conventional BCP 47 case (<c>it</c>, <c>it-IT</c>, <c>sr-Latn-RS</c>), or returns
    /// <see langword="null"/> for <c>*</c> and anything that is not a language range.
    /// </summary>
    private static string? Normalize(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag == "*")
        {
            return null;
        }

        var subtags = tag.Split('-');
        if (subtags.Any(subtag => subtag.Length is 0 or > 8 || !subtag.All(char.IsAsciiLetterOrDigit))
            || !subtags[0].All(char.IsAsciiLetter))
        {
            return null;
        }

        var afterSingleton = false;
        for (var i = 0; i < subtags.Length; i++)
        {
            var subtag = subtags[i];
            // Extensions and private use (after a one-letter singleton) have no case convention, so they stay lower case.
            afterSingleton |= i > 0 && subtag.Length == 1;
            subtags[i] = i == 0 || afterSingleton ? subtag.ToLowerInvariant()
                : subtag.Length == 2 ? subtag.ToUpperInvariant()
                : subtag.Length == 4 ? char.ToUpperInvariant(subtag[0]) + subtag[1..].ToLowerInvariant()
                : subtag.ToLowerInvariant();
        }

        return string.Join('-', subtags);
    }
}
