using Directory.Model.Common;
using Directory.Model.Locations;

namespace Directory.Model.Councils;

/// <summary>
/// A body representing foreign residents before a comune or province: a Consiglio or Consulta
/// degli stranieri, or a consigliere aggiunto.
/// </summary>
public sealed class RepresentativeCouncil : Entity
{
    /// <summary>Name, e.g. "Consiglio degli stranieri del Comune di Prato".</summary>
    public string Name { get; set; } = "";

    public CouncilKind Kind { get; set; }

    /// <summary>What the council does.</summary>
    public string? Description { get; set; }

    /// <summary>Language of the texts stored on the record (BCP 47).</summary>
    public string Language { get; set; } = "it";

    /// <summary>ISTAT code of the comune it belongs to, for a municipal council.</summary>
    public string? ComuneIstatCode { get; set; }

    /// <summary>ISTAT code of the province it belongs to, for a provincial council.</summary>
    public string? ProvinceIstatCode { get; set; }

    /// <summary>Date it was established.</summary>
    public DateOnly? EstablishedOn { get; set; }

    /// <summary>The act that established it, e.g. "Delibera C.C. n. 12/2019".</summary>
    public string? EstablishingAct { get; set; }

    /// <summary>Link to the act.</summary>
    public string? EstablishingActUrl { get; set; }

    public CouncilStatus Status { get; set; } = CouncilStatus.Active;

    /// <summary>Where it meets.</summary>
    public int? LocationId { get; set; }

    public Location? Location { get; set; }

    /// <summary>Contact email.</summary>
    public string? Email { get; set; }

    /// <summary>Web page.</summary>
    public string? Website { get; set; }

    public List<CouncilMember> Members { get; set; } = [];

    public List<CouncilEvent> Events { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];
}

/// <summary>A member of a representative council for a term.</summary>
public sealed class CouncilMember : Entity
{
    public int CouncilId { get; set; }

    /// <summary>Full name, as published by the council.</summary>
    public string Name { get; set; } = "";

    /// <summary>Nationality, ISO 3166-1 alpha-2.</summary>
    public string? Nationality { get; set; }

    public CouncilRole Role { get; set; } = CouncilRole.Member;

    /// <summary>First day of the term.</summary>
    public DateOnly? TermStart { get; set; }

    /// <summary>Last day of the term.</summary>
    public DateOnly? TermEnd { get; set; }
}

/// <summary>A meeting or activity of a council.</summary>
public sealed class CouncilEvent : Entity
{
    public int CouncilId { get; set; }

    public CouncilEventKind Kind { get; set; } = CouncilEventKind.Meeting;

    /// <summary>Day it took place.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Title.</summary>
    public string Title { get; set; } = "";

    /// <summary>What was discussed or done.</summary>
    public string? Summary { get; set; }

    /// <summary>Link to the minutes (verbale).</summary>
    public string? MinutesUrl { get; set; }
}
