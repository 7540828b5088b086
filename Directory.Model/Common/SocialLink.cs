namespace Directory.Model.Common;

/// <summary>A link to a profile on a social network or messaging channel.</summary>
public sealed class SocialLink
{
    /// <summary>Platform name, lower case (facebook, instagram, telegram, whatsapp, youtube, x, tiktok, linkedin, other).</summary>
    public string Platform { get; set; } = "";

    /// <summary>Address of the profile or channel.</summary>
    public string Url { get; set; } = "";
}
