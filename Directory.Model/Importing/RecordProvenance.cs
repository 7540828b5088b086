namespace Directory.Model.Importing;

/// <summary>
/// Where an imported record came from: its source and id there, when a run first saw it and which run last
/// changed it. "Last seen" is the source's <see cref="ImportSource.LastSucceededAt"/> while the record is not
/// withdrawn (a full feed that succeeds has seen every record it did not withdraw), so unchanged runs write nothing.
/// </summary>
public sealed class RecordProvenance
{
    /// <summary>Entity type name, e.g. <c>Service</c>.</summary>
    public string EntityType { get; set; } = "";

    /// <summary>Key of the record (its id, as text).</summary>
    public string EntityKey { get; set; } = "";

    /// <summary>Import source id.</summary>
    public string SourceId { get; set; } = "";

    /// <summary>The record's id in the feed.</summary>
    public string ExternalId { get; set; } = "";

    /// <summary>When a run first saw the record (UTC).</summary>
    public DateTime FirstSeenAt { get; set; }

    /// <summary>The run that first saw it.</summary>
    public int FirstRunId { get; set; }

    /// <summary>The run that last created, changed, withdrew or restored it.</summary>
    public int LastRunId { get; set; }

    /// <summary>When that run changed it (UTC).</summary>
    public DateTime LastChangedAt { get; set; }

    /// <summary>
    /// Hash of the record as the feed last gave it (SHA-256 of a canonical serialization), written with any change
    /// the record's import brings; a run that meets the same hash again counts the record unchanged without
    /// comparing it field by field. Null for records stored before fingerprints existed (set on their next import).
    /// </summary>
    public byte[]? Fingerprint { get; set; }

    /// <summary>
    /// For a service imported from an HSDS JSON feed: a 128-bit hash of the feed row as it was read (its JSON tokens,
    /// whitespace and key order ignored, with its embedded organization and locations), of the settings that decide how
    /// it is mapped and of the reference data it is checked against. A later run that reads the same row counts the
    /// service, its organization and locations unchanged without mapping the row, as long as none of them changed since
    /// <see cref="RawRunId"/>. Null when not known (other formats, records stored before it existed).
    /// </summary>
    public byte[]? RawFingerprint { get; set; }

    /// <summary>The run that stored <see cref="RawFingerprint"/>; the records the row names must not have changed after it.</summary>
    public int? RawRunId { get; set; }
}
