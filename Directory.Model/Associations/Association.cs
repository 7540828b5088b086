using Directory.Model.Common;
using Directory.Model.Locations;

namespace Directory.Model.Associations;

/// <summary>A migrant community or volunteer association.</summary>
public sealed class Association : Entity
{
    /// <summary>Name of the association.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the association does.</summary>
    public string? Description { get; set; }

    /// <summary>Language of the texts stored on the record (BCP 47).</summary>
    public string Language { get; set; } = "it";

    /// <summary>Communities served, as ISO 3166-1 alpha-2 country codes.</summary>
    public List<string> Communities { get; set; } = [];

    /// <summary>Whether the association serves several communities.</summary>
    public bool IsMultiCommunity { get; set; }

    /// <summary>Languages spoken (BCP 47).</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>What the association does, by kind.</summary>
    public List<ActivityKind> ActivityKinds { get; set; } = [];

    /// <summary>Headquarters, when it has one.</summary>
    public int? HeadquartersLocationId { get; set; }

    public Location? Headquarters { get; set; }

    /// <summary>Year it was founded.</summary>
    public int? FoundedYear { get; set; }

    /// <summary>Number of members, as declared.</summary>
    public int? MembersCount { get; set; }

    /// <summary>Contact email.</summary>
    public string? Email { get; set; }

    /// <summary>Website.</summary>
    public string? Website { get; set; }

    /// <summary>Social network profiles and channels.</summary>
    public List<SocialLink> SocialLinks { get; set; } = [];

    public List<AssociationArea> Areas { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];

    /// <summary>When its source feed stopped listing it (UTC); kept, not deleted, and left out of lists. Null while current.</summary>
    public DateTime? WithdrawnAt { get; set; }
}

/// <summary>A territory an association works in, by ISTAT code (region, province or comune).</summary>
public sealed class AssociationArea
{
    public int AssociationId { get; set; }

    /// <summary>ISTAT code of the region, province or comune.</summary>
    public string AreaCode { get; set; } = "";
}
