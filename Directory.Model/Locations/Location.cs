using Directory.Model.Common;
using Directory.Model.Geography;

namespace Directory.Model.Locations;

/// <summary>A place where services are delivered (HSDS location with its physical address).</summary>
public sealed class Location : Entity
{
    public int? OrganizationId { get; set; }

    /// <summary>Name of the place, e.g. "Sportello Unico per l'Immigrazione".</summary>
    public string Name { get; set; } = "";

    /// <summary>Description of the place, how to find it.</summary>
    public string? Description { get; set; }

    /// <summary>Language of the texts stored on the record (BCP 47).</summary>
    public string Language { get; set; } = "it";

    /// <summary>Street and number.</summary>
    public string? AddressLine1 { get; set; }

    /// <summary>Building, floor, room.</summary>
    public string? AddressLine2 { get; set; }

    /// <summary>Postal code (CAP).</summary>
    public string? PostalCode { get; set; }

    /// <summary>ISTAT code of the comune.</summary>
    public string ComuneIstatCode { get; set; } = "";

    public Comune? Comune { get; set; }

    /// <summary>Latitude (WGS84).</summary>
    public double? Latitude { get; set; }

    /// <summary>Longitude (WGS84).</summary>
    public double? Longitude { get; set; }

    /// <summary>How the coordinates were obtained.</summary>
    public CoordinateQuality CoordinateQuality { get; set; } = CoordinateQuality.Unknown;

    /// <summary>Accessibility of the place, in words.</summary>
    public string? Accessibility { get; set; }

    /// <summary>Whether a wheelchair user can get in unaided, when known.</summary>
    public bool? WheelchairAccessible { get; set; }

    /// <summary>Public transport to reach the place.</summary>
    public string? Transportation { get; set; }

    /// <summary>When the record's import source stopped listing it (a tombstone: the record is kept); null while current.</summary>
    public DateTime? WithdrawnAt { get; set; }

    public List<ServiceAtLocation> ServiceAtLocations { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];
}
