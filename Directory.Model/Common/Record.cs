namespace Directory.Model.Common;

/// <summary>
/// Columns every stored record carries: timestamps, a concurrency revision and provenance.
/// </summary>
public abstract class Record
{
    /// <summary>When the record was first stored (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the record was last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every change.</summary>
    public long Revision { get; set; }

    /// <summary>Where the record comes from: <c>manual</c> for edits made here, <c>demo</c> for demonstration data, otherwise the id of an import source.</summary>
    public string Source { get; set; } = Sources.Manual;

    /// <summary>The record's identifier in its source, when it was imported.</summary>
    public string? ExternalId { get; set; }
}

/// <summary>A record with a surrogate integer key.</summary>
public abstract class Entity : Record
{
    /// <summary>Database key. Clients see it only inside an opaque global id.</summary>
    public int Id { get; set; }
}

/// <summary>Well-known values of <see cref="Record.Source"/>.</summary>
public static class Sources
{
    public const string Manual = "manual";
    public const string Demo = "demo";
    public const string Istat = "istat";
    public const string Reference = "reference";
}
