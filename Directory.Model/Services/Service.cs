using Directory.Model.Common;
using Directory.Model.Locations;
using Directory.Model.Organizations;

namespace Directory.Model.Services;

/// <summary>Something an organization offers to people (HSDS service).</summary>
public sealed class Service : Entity
{
    public int OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    /// <summary>Name of the service.</summary>
    public string Name { get; set; } = "";

    /// <summary>Other name the service is known by.</summary>
    public string? AlternateName { get; set; }

    /// <summary>One or two sentences for lists and cards.</summary>
    public string? ShortDescription { get; set; }

    /// <summary>Full description.</summary>
    public string? Description { get; set; }

    /// <summary>Language of the texts stored on the record (BCP 47).</summary>
    public string Language { get; set; } = "it";

    /// <summary>Web page of the service.</summary>
    public string? Url { get; set; }

    /// <summary>Contact email of the service.</summary>
    public string? Email { get; set; }

    public ServiceStatus Status { get; set; } = ServiceStatus.Active;

    /// <summary>Languages spoken by the staff (BCP 47 tags).</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Whether interpreters or cultural mediators are available.</summary>
    public bool InterpretationAvailable { get; set; }

    /// <summary>Groups of people the service is meant for.</summary>
    public List<TargetGroup> TargetGroups { get; set; } = [];

    /// <summary>Minimum age of eligible people, when limited.</summary>
    public int? MinimumAge { get; set; }

    /// <summary>Maximum age of eligible people, when limited.</summary>
    public int? MaximumAge { get; set; }

    /// <summary>Who can use the service, in words.</summary>
    public string? EligibilityDescription { get; set; }

    /// <summary>Whether the service costs nothing to its users.</summary>
    public bool IsFree { get; set; }

    /// <summary>What the service costs, when it is not free or needs explaining.</summary>
    public string? FeesDescription { get; set; }

    /// <summary>How to apply or get access (appointment, walk-in, online form...).</summary>
    public string? ApplicationProcess { get; set; }

    /// <summary>Accessibility of the service for people with disabilities, in words.</summary>
    public string? Accessibility { get; set; }

    /// <summary>When the record's import source stopped listing it (a tombstone: the record is kept); null while current.</summary>
    public DateTime? WithdrawnAt { get; set; }

    public List<ServiceCategory> Categories { get; set; } = [];

    public List<ServiceArea> Areas { get; set; } = [];

    public List<RequiredDocument> RequiredDocuments { get; set; } = [];

    public List<ServiceAtLocation> ServiceAtLocations { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];
}

/// <summary>Links a service to a taxonomy category.</summary>
public sealed class ServiceCategory
{
    public int ServiceId { get; set; }

    public int CategoryId { get; set; }

    public Taxonomy.Category? Category { get; set; }
}

/// <summary>
/// A territory a service serves, by ISTAT code: two digits for a region, three for a province, six for a comune.
/// </summary>
public sealed class ServiceArea
{
    public int ServiceId { get; set; }

    /// <summary>ISTAT code of the region, province or comune.</summary>
    public string AreaCode { get; set; } = "";
}

/// <summary>A document people must bring to use a service (HSDS required_document).</summary>
public sealed class RequiredDocument : Entity
{
    public int ServiceId { get; set; }

    /// <summary>Position in the list.</summary>
    public int Position { get; set; }

    /// <summary>Name of the document.</summary>
    public string Document { get; set; } = "";

    /// <summary>Where the document is described or can be obtained.</summary>
    public string? Uri { get; set; }
}
