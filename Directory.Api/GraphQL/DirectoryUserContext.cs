using System.Security.Claims;

namespace Directory.Api.GraphQL;

/// <summary>
/// What a GraphQL request carries besides its document: the caller and their language preferences.
/// </summary>
public sealed class DirectoryUserContext : Dictionary<string, object?>
{
    /// <summary>Languages from the Accept-Language header, best first (BCP 47 tags, lower-case primary subtag).</summary>
    public IReadOnlyList<string> AcceptLanguages { get; init; } = [];

    /// <summary>The language preferences of every localized field when no field of the request takes <c>lang</c>.</summary>
    public IReadOnlyList<string> DefaultLanguagePreferences => _defaultLanguagePreferences ??= Localization.LanguagePreference.Without(AcceptLanguages);

    private IReadOnlyList<string>? _defaultLanguagePreferences;

    /// <summary>The authenticated caller, when any.</summary>
    public ClaimsPrincipal? User { get; init; }
}
