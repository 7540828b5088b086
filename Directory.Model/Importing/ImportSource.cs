using System.ComponentModel;

namespace Directory.Model.Importing;

/// <summary>A partner feed the importers read: where it is, in which format, and who owns what it publishes.</summary>
public sealed class ImportSource
{
    /// <summary>Stable id, also written as <c>Source</c> on every record the feed creates, e.g. <c>toscana-sportelli-scuola</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Human-readable name of the feed.</summary>
    public string Name { get; set; } = "";

    /// <summary>Format of the feed.</summary>
    public ImportFormat Format { get; set; }

    /// <summary>Address of the feed, when fetched over HTTP(S).</summary>
    public string? Url { get; set; }

    /// <summary>Path of the feed, when read from a local file.</summary>
    public string? Path { get; set; }

    /// <summary>Path of the mapping file (CSV feeds).</summary>
    public string? MappingPath { get; set; }

    /// <summary>Organization that runs what the feed lists, when the feed does not name one.</summary>
    public int? OwnerOrganizationId { get; set; }

    /// <summary>Licence under which the partner publishes the feed, e.g. <c>CC-BY-4.0</c>.</summary>
    public string? Licence { get; set; }

    /// <summary>How often the feed should be read (ISO 8601 duration, e.g. <c>P1D</c>), when scheduled.</summary>
    public string? Schedule { get; set; }

    /// <summary>Whether every run delivers the full list, so that a record missing from it is withdrawn.</summary>
    public bool IsFullFeed { get; set; } = true;

    /// <summary>Entity tag of the last feed imported, sent back as <c>If-None-Match</c>.</summary>
    public string? ETag { get; set; }

    /// <summary><c>Last-Modified</c> of the last feed imported, sent back as <c>If-Modified-Since</c>.</summary>
    public DateTimeOffset? LastModified { get; set; }

    /// <summary>When a run last read the whole feed successfully (the "last seen" time of every record it holds).</summary>
    public DateTime? LastSucceededAt { get; set; }

    /// <summary>Id of that run.</summary>
    public int? LastSucceededRunId { get; set; }

    public List<ImportRun> Runs { get; set; } = [];
}

/// <summary>Formats the importers read.</summary>
public enum ImportFormat
{
    [Description("Open Referral HSDS 3.0 JSON: a service record, a list of them, or a paged list.")]
    HsdsJson,
    [Description("CSV with a declarative mapping file.")]
    Csv,
    [Description("GeoJSON FeatureCollection of points, with a declarative mapping of feature properties (associations or service desks).")]
    GeoJson,
    [Description("Open Referral HSDS 3.0 tabular data package: datapackage.json with CSV resources (a folder, a zip file or a URL).")]
    HsdsDataPackage,
}
