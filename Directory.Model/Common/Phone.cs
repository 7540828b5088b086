namespace Directory.Model.Common;

/// <summary>
/// A telephone number (HSDS phone). It belongs to exactly one owner: an organization, service, location,
/// service at location, association or council.
/// </summary>
public sealed class Phone : Entity
{
    public int? OrganizationId { get; set; }

    public int? ServiceId { get; set; }

    public int? LocationId { get; set; }

    public int? ServiceAtLocationId { get; set; }

    public int? AssociationId { get; set; }

    public int? CouncilId { get; set; }

    /// <summary>The number as dialled from Italy, with the international prefix when foreign.</summary>
    public string Number { get; set; } = "";

    /// <summary>Extension.</summary>
    public string? Extension { get; set; }

    public PhoneType Type { get; set; } = PhoneType.Voice;

    /// <summary>When or what to call for.</summary>
    public string? Description { get; set; }

    /// <summary>Languages spoken on this line.</summary>
    public List<string> Languages { get; set; } = [];
}
