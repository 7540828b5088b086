using System.Runtime.CompilerServices;
using GraphQL;
using GraphQLParser.AST;

namespace Directory.Api.GraphQL.Localization;

/// <summary>
/// Which languages a field should answer in, best first: the nearest <c>lang</c> argument up the field path,
/// then the request's Accept-Language, then Italian (the Directory's fallback language).
/// </summary>
public static class LanguagePreference
{
    public const string Fallback = "it";
    public const string ArgumentName = "lang";

    private static readonly IReadOnlyList<string> FallbackOnly = [Fallback];

    private static readonly ConditionalWeakTable<GraphQLDocument, StrongBox<bool>> LangMentioned = [];

    public static IReadOnlyList<string> For(IResolveFieldContext context)
    {
        var user = context.UserContext as DirectoryUserContext;
        if (!MentionsLang(context.Document))
        {
            // No field of the document takes `lang`: the same answer for every field of the request, built once.
            return user?.DefaultLanguagePreferences ?? FallbackOnly;
        }

        var preferences = new List<string>(4);
        for (var current = context; current is not null; current = current.Parent)
        {
            if (current.Arguments?.TryGetValue(ArgumentName, out var argument) == true && argument.Value is string lang)
            {
                preferences.Add(LanguageTag.Normalize(lang));
                break;
            }
        }

        if (user is not null)
        {
            preferences.AddRange(user.AcceptLanguages);
        }

        preferences.Add(Fallback);
        return preferences;
    }

    /// <summary>The preferences of a request whose fields take no <c>lang</c>: its Accept-Language, then Italian.</summary>
    internal static IReadOnlyList<string> Without(IReadOnlyList<string> acceptLanguages) => [.. acceptLanguages, Fallback];

    /// <summary>
    /// Whether any field of <paramref name="document"/> (operations and fragments) passes a <c>lang</c> argument, by
    /// literal or variable; remembered per parsed document (the document cache hands out the same one again).
    /// </summary>
    internal static bool MentionsLang(GraphQLDocument? document) =>
        document is null || LangMentioned.GetValue(document, d => new StrongBox<bool>(d.Definitions.Any(definition => definition switch
        {
            GraphQLOperationDefinition operation => Mentions(operation.SelectionSet),
            GraphQLFragmentDefinition fragment => Mentions(fragment.SelectionSet),
            _ => false,
        }))).Value;

    private static bool Mentions(GraphQLSelectionSet? selectionSet)
    {
        foreach (var selection in selectionSet?.Selections ?? [])
        {
            var mentions = selection switch
            {
                GraphQLField field => field.Arguments?.Items.Any(a => a.Name == ArgumentName) == true || Mentions(field.SelectionSet),
                GraphQLInlineFragment inline => Mentions(inline.SelectionSet),
                _ => false,
            };
            if (mentions)
            {
                return true;
            }
        }

        return false;
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
