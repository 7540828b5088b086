using Directory.Model.Common;

namespace Directory.Model.Procedures;

/// <summary>A guide to an administrative procedure, curated by editors (e.g. family reunification).</summary>
public sealed class Procedure : Entity
{
    /// <summary>URL-friendly unique name, e.g. <c>ricongiungimento-familiare</c>.</summary>
    public string Slug { get; set; } = "";

    /// <summary>Title of the guide.</summary>
    public string Title { get; set; } = "";

    /// <summary>What the procedure is for, in a paragraph.</summary>
    public string? Summary { get; set; }

    /// <summary>Language of the texts stored on the record (BCP 47).</summary>
    public string Language { get; set; } = "it";

    /// <summary>Who the procedure is for, in words.</summary>
    public string? Audience { get; set; }

    /// <summary>Groups of people the procedure concerns.</summary>
    public List<TargetGroup> TargetGroups { get; set; } = [];

    /// <summary>Overall costs in words (stamps, fees, postal kit).</summary>
    public string? CostsDescription { get; set; }

    /// <summary>Editorial status.</summary>
    public ProcedureStatus Status { get; set; } = ProcedureStatus.Draft;

    /// <summary>Editorial version, incremented when the guide is republished.</summary>
    public int Version { get; set; } = 1;

    /// <summary>First day the guide applies (e.g. when a law takes effect).</summary>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>Last day the guide applies.</summary>
    public DateOnly? ValidTo { get; set; }

    public List<ProcedureStep> Steps { get; set; } = [];

    public List<ProcedureDocument> Documents { get; set; } = [];

    public List<ProcedureCost> Costs { get; set; } = [];

    public List<LegalReference> LegalReferences { get; set; } = [];

    public List<ProcedureService> Services { get; set; } = [];

    public List<ProcedureRelation> Related { get; set; } = [];
}

/// <summary>One step of a procedure, in order.</summary>
public sealed class ProcedureStep : Entity
{
    public int ProcedureId { get; set; }

    /// <summary>Position (1-based).</summary>
    public int Position { get; set; }

    /// <summary>What to do.</summary>
    public string Title { get; set; } = "";

    /// <summary>How to do it.</summary>
    public string? Description { get; set; }

    /// <summary>Which office handles the step, in words.</summary>
    public string? Office { get; set; }

    /// <summary>The organization that handles the step, when it is in the Directory.</summary>
    public int? OfficeOrganizationId { get; set; }

    /// <summary>Expected duration in words, e.g. "entro 90 giorni".</summary>
    public string? ExpectedDuration { get; set; }

    /// <summary>Expected duration in days, when it can be stated.</summary>
    public int? ExpectedDurationDays { get; set; }
}

/// <summary>A document the procedure requires.</summary>
public sealed class ProcedureDocument : Entity
{
    public int ProcedureId { get; set; }

    /// <summary>Position in the list.</summary>
    public int Position { get; set; }

    /// <summary>Name of the document.</summary>
    public string Name { get; set; } = "";

    /// <summary>What it is and what it must contain.</summary>
    public string? Description { get; set; }

    /// <summary>Where or how to get it.</summary>
    public string? WhereToGet { get; set; }
}

/// <summary>A cost of the procedure.</summary>
public sealed class ProcedureCost : Entity
{
    public int ProcedureId { get; set; }

    /// <summary>Position in the list.</summary>
    public int Position { get; set; }

    /// <summary>What is paid, e.g. "Marca da bollo".</summary>
    public string Description { get; set; } = "";

    /// <summary>Amount in euro, when fixed.</summary>
    public decimal? AmountEur { get; set; }
}

/// <summary>A law, decree or circular the procedure rests on.</summary>
public sealed class LegalReference : Entity
{
    public int ProcedureId { get; set; }

    /// <summary>Position in the list.</summary>
    public int Position { get; set; }

    /// <summary>Citation, e.g. "D.Lgs. 286/1998, art. 29".</summary>
    public string Title { get; set; } = "";

    /// <summary>Official text online (Normattiva, Gazzetta Ufficiale).</summary>
    public string? Url { get; set; }
}

/// <summary>Links a procedure to a service that handles it.</summary>
public sealed class ProcedureService
{
    public int ProcedureId { get; set; }

    public int ServiceId { get; set; }
}

/// <summary>Links a procedure to a related one (directed; seeding stores both directions).</summary>
public sealed class ProcedureRelation
{
    public int ProcedureId { get; set; }

    public int RelatedProcedureId { get; set; }
}
