using GraphQL;

namespace Directory.Api.GraphQL.Localization;

/// <summary>
/// Which languages a field should answer in, best first: the nearest <c>lang</c> argument up the field path,
/// then the request's Accept-Language, then Italian (the Directory's fallback language).
/// </summary>
public static class LanguagePreference
{
    public const string Fallback = "it";
    public const string ArgumentName = "lang";

    public static IReadOnlyList<string> For(IResolveFieldContext context)
    {
        var preferences = new List<string>(4);
        for (var current = context; current is not null; current = current.Parent)
        {
            if (current.Arguments?.TryGetValue(ArgumentName, out var argument) == true && argument.Value is string lang)
            {
                preferences.Add(LanguageTag.Normalize(lang));
                break;
            }
        }

        if (context.UserContext is DirectoryUserContext user)
        {
            preferences.AddRange(user.AcceptLanguages);
        }

        preferences.Add(Fallback);
        return preferences;
    }

    /// <summary>Picks the best of the available texts: the original when its language comes first, else a translation.</summary>
    public static (string Text, string Language) Pick(
        IReadOnlyList<string> preferences, string original, string originalLanguage, IReadOnlyDictionary<string, string>? translations)
    {
        foreach (var wanted in preferences)
        {
            if (LanguageTag.Matches(originalLanguage, wanted))
            {
                return (original, originalLanguage);
            }

            if (translations is not null)
            {
                foreach (var (language, text) in translations)
                {
                    if (LanguageTag.Matches(language, wanted))
                    {
                        return (text, language);
                    }
                }
            }
        }

        return (original, originalLanguage);
    }
}

/// <summary>BCP 47 tags as the Directory uses them.</summary>
public static class LanguageTag
{
    /// <summary>Lower-case language subtag, the rest as given (e.g. <c>zh-Hans</c>, <c>pt-BR</c>).</summary>
    public static string Normalize(string tag)
    {
        var trimmed = tag.Trim().Replace('_', '-');
        var dash = trimmed.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? trimmed.ToLowerInvariant() : trimmed[..dash].ToLowerInvariant() + trimmed[dash..];
    }

    /// <summary>Whether an available tag serves a wanted one: equal, or the same language when one of them has no region or script.</summary>
    public static bool Matches(string available, string wanted)
    {
        if (string.Equals(available, wanted, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return string.Equals(Primary(available), Primary(wanted), StringComparison.OrdinalIgnoreCase)
            && (!available.Contains('-', StringComparison.Ordinal) || !wanted.Contains('-', StringComparison.Ordinal));
    }

    /// <summary>Whether a string is a plausible BCP 47 tag (2-3 letter language, optional subtags of 2-8 letters or digits).</summary>
    public static bool IsValid(string tag)
    {
        var parts = tag.Split('-');
        if (parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter))
        {
            return false;
        }

        return parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }

    private static string Primary(string tag)
    {
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? tag : tag[..dash];
    }
}
