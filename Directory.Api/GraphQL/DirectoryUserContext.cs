using System.Security.Claims;

namespace Directory.Api.GraphQL;

/// <summary>
/// What a GraphQL request carries besides its document: the caller and their language preferences.
/// </summary>
public sealed class DirectoryUserContext : Dictionary<string, object?>
{
    /// <summary>Languages from the Accept-Language header, best first (BCP 47 tags, lower-case primary subtag).</summary>
    public IReadOnlyList<string> AcceptLanguages
    {
        get => _acceptLanguages;
        init
        {
            _acceptLanguages = value;
            DefaultLanguagePreferences = Localization.LanguagePreference.Without(value);
        }
    }

    private readonly IReadOnlyList<string> _acceptLanguages = [];

    /// <summary>The language preferences of every localized field when no field of the request takes <c>lang</c>.</summary>
    public IReadOnlyList<string> DefaultLanguagePreferences { get; private init; } = Localization.LanguagePreference.Without([]);

    /// <summary>The authenticated caller, when any.</summary>
    public ClaimsPrincipal? User { get; init; }
}
