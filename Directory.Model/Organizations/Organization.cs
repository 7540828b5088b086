using Directory.Model.Common;
using Directory.Model.Geography;
using Directory.Model.Locations;
using Directory.Model.Services;

namespace Directory.Model.Organizations;

/// <summary>A public or private body that runs services (HSDS organization).</summary>
public sealed class Organization : Entity
{
    /// <summary>Official name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Other name or acronym the body is known by.</summary>
    public string? AlternateName { get; set; }

    /// <summary>What kind of body it is.</summary>
    public OrganizationKind Kind { get; set; }

    /// <summary>What the organization does, in its own language.</summary>
    public string? Description { get; set; }

    /// <summary>Language of the texts stored on the record (BCP 47).</summary>
    public string Language { get; set; } = "it";

    /// <summary>Website.</summary>
    public string? Website { get; set; }

    /// <summary>General contact email.</summary>
    public string? Email { get; set; }

    /// <summary>Tax code (codice fiscale / partita IVA), when public.</summary>
    public string? TaxId { get; set; }

    /// <summary>ISTAT code of the comune where the body has its seat.</summary>
    public string? ComuneIstatCode { get; set; }

    public Comune? Comune { get; set; }

    public int? ParentOrganizationId { get; set; }

    public Organization? ParentOrganization { get; set; }

    /// <summary>When the record's import source stopped listing it (a tombstone: the record is kept); null while current.</summary>
    public DateTime? WithdrawnAt { get; set; }

    public List<Service> Services { get; set; } = [];

    public List<Location> Locations { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];
}
