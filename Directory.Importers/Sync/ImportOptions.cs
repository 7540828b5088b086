using System.ComponentModel.DataAnnotations;

namespace Directory.Importers.Sync;

/// <summary>How runs write and when they give up. Configuration section <c>Importers:Sync</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "Importers:Sync";

    /// <summary>
    /// Feed rows stored per transaction (with the organizations and locations they name). Each commit writes the
    /// full-text index's new entries as a segment FTS5 later merges with the others, and writes the pages the batch
    /// touched to the write-ahead log: larger batches do both less often (2,000 rows: about 20 MB more of GC heap than 500).
    /// </summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Share of rejected rows (0 to 1) above which a run aborts without writing anything.</summary>
    [Range(0.0, 1.0)]
    public double MaxErrorRatio { get; set; } = 0.2;

    /// <summary>
    /// Folder for a run's temporary files (the downloaded feed, the scratch file of ids); each run uses its own
    /// subfolder and deletes it at the end. Null: the system temporary folder.
    /// </summary>
    public string? WorkFolder { get; set; }

    /// <summary>
    /// Page cache of the run's writing connection, in KiB (<c>PRAGMA cache_size</c>), for the length of the run; 0
    /// leaves the connection's own (SQLite's default: 2 MiB). A first import adds to indexes spread over the whole
    /// file: with a small cache every insert reads pages back from the operating system.
    /// </summary>
    [Range(0, 4_194_304)]
    public int CacheSizeKiB { get; set; } = 65_536;

    /// <summary>How many example changes a report keeps (dry runs show them).</summary>
    [Range(0, 1000)]
    public int MaxExamples { get; set; } = 20;
}
