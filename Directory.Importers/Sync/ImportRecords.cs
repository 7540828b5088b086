using Directory.Model.Common;

namespace Directory.Importers.Sync;

/// <summary>
/// What a reader yields for each row or record of a feed: either a neutral record, or the reasons the row was
/// rejected. <see cref="Row"/> counts from 1 (CSV line, or position of the record in a JSON feed).
/// </summary>
public sealed record ImportItem(int Row, ImportRecord? Record, IReadOnlyList<ImportProblem> Problems)
{
    public static ImportItem Valid(int row, ImportRecord record) => new(row, record, []);

    public static ImportItem Rejected(int row, string? externalId, string? field, string message) =>
        new(row, null, [new ImportProblem(externalId, field, message)]);
}

/// <summary>Why a row cannot be imported.</summary>
public sealed record ImportProblem(string? ExternalId, string? Field, string Message);

/// <summary>
/// A feed record in the Directory's terms, independent of the feed's format. Readers fill it; the sync step
/// matches and stores it. A service record carries its organization and locations along.
/// </summary>
public abstract record ImportRecord(string ExternalId);

/// <summary>An organization as a feed describes it.</summary>
public sealed record ImportedOrganization(string ExternalId, string Name) : ImportRecord(ExternalId)
{
    /// <summary>What kind of body it is, when the feed says; null leaves the stored kind alone.</summary>
    public string? AlternateName { get; init; }
    public string? Description { get; init; }
    public string? Website { get; init; }
    public string? Email { get; init; }
    public string? TaxId { get; init; }
    public OrganizationKind? Kind { get; init; }
    public IReadOnlyList<ImportedPhone> Phones { get; init; } = [];
}

/// <summary>A reference to a comune by any of its identifiers; the matcher decides which one it is.</summary>
public sealed record ComuneReference(string? IstatCode, string? CadastralCode, string? Name, string? Province)
{
    public bool IsEmpty => IstatCode is null && CadastralCode is null && Name is null;

    public override string ToString() => IstatCode ?? CadastralCode ?? (Province is null ? Name : $"{Name} ({Province})") ?? "";
}

/// <summary>A place as a feed describes it.</summary>
public sealed record ImportedLocation(string ExternalId, string Name, ComuneReference Comune) : ImportRecord(ExternalId)
{
    public string? Description { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? PostalCode { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Transportation { get; init; }
    public IReadOnlyList<ImportedPhone> Phones { get; init; } = [];
}

/// <summary>A service as a feed describes it, with where and when it is delivered.</summary>
public sealed record ImportedService(string ExternalId, string Name) : ImportRecord(ExternalId)
{
    /// <summary>The organization running the service; null means the source's owning organization.</summary>
    public ImportedOrganization? Organization { get; init; }
    public string? AlternateName { get; init; }
    public string? ShortDescription { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public string? Email { get; init; }
    public ServiceStatus Status { get; init; } = ServiceStatus.Active;
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> CategoryCodes { get; init; } = [];
    public string? ApplicationProcess { get; init; }
    public string? FeesDescription { get; init; }
    public string? EligibilityDescription { get; init; }
    public int? MinimumAge { get; init; }
    public int? MaximumAge { get; init; }
    public IReadOnlyList<ImportedPhone> Phones { get; init; } = [];
    public IReadOnlyList<ImportedServiceAtLocation> Locations { get; init; } = [];
}

/// <summary>A service delivered at one location, with its weekly hours.</summary>
public sealed record ImportedServiceAtLocation(ImportedLocation Location)
{
    public string? Description { get; init; }
    public IReadOnlyList<ImportedSchedule> Schedules { get; init; } = [];
}

/// <summary>One weekly opening interval.</summary>
public sealed record ImportedSchedule(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)
{
    public string? Note { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
}

/// <summary>A telephone number.</summary>
public sealed record ImportedPhone(string Number)
{
    public string? Extension { get; init; }
    public PhoneType Type { get; init; } = PhoneType.Voice;
    public string? Description { get; init; }
}
