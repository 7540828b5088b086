using Directory.Model.Common;

namespace Directory.Importers.Sync;

/// <summary>
/// A migrant community or volunteer association as a feed describes it, with its headquarters (a place stored as a
/// location of the same source). Lists are stored as given; an empty list clears the stored one.
/// </summary>
public sealed record ImportedAssociation(string ExternalId, string Name) : ImportRecord(ExternalId)
{
    public string? Description { get; init; }

    /// <summary>Language of the texts (BCP 47); null leaves the stored one (Italian by default).</summary>
    public string? Language { get; init; }

    /// <summary>Communities served, as ISO 3166-1 alpha-2 codes (upper case).</summary>
    public IReadOnlyList<string> Communities { get; init; } = [];

    /// <summary>Whether it serves several communities; null: when it lists more than one.</summary>
    public bool? IsMultiCommunity { get; init; }

    /// <summary>Languages spoken (BCP 47).</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    public IReadOnlyList<ActivityKind> ActivityKinds { get; init; } = [];

    /// <summary>ISTAT codes of the region (2 digits), provinces (3) or comuni (6) it works in.</summary>
    public IReadOnlyList<string> AreaCodes { get; init; } = [];

    public int? FoundedYear { get; init; }
    public int? MembersCount { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
    public IReadOnlyList<ImportedSocialLink> SocialLinks { get; init; } = [];
    public IReadOnlyList<ImportedPhone> Phones { get; init; } = [];

    /// <summary>Where the association is based; null when it has no seat.</summary>
    public ImportedLocation? Headquarters { get; init; }
}

/// <summary>A social network profile or channel.</summary>
public sealed record ImportedSocialLink(string Platform, string Url)
{
    private static readonly (string Host, string Platform)[] Hosts =
    [
        ("facebook.com", "facebook"), ("fb.com", "facebook"), ("instagram.com", "instagram"), ("t.me", "telegram"), ("telegram.me", "telegram"),
        ("wa.me", "whatsapp"), ("whatsapp.com", "whatsapp"), ("youtube.com", "youtube"), ("youtu.be", "youtube"), ("x.com", "x"),
        ("twitter.com", "x"), ("tiktok.com", "tiktok"), ("linkedin.com", "linkedin"),
    ];

    /// <summary>A link named by its address alone; the platform comes from the host (<c>other</c> when unknown). Null when not an http(s) address.</summary>
    public static ImportedSocialLink? FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        var platform = Hosts.FirstOrDefault(h => host == h.Host || host.EndsWith("." + h.Host, StringComparison.Ordinal)).Platform ?? "other";
        return new ImportedSocialLink(platform, url);
    }
}
