using System.ComponentModel;

namespace Directory.Model.Importing;

/// <summary>One execution of an import source, with its outcome and counts.</summary>
public sealed class ImportRun
{
    public int Id { get; set; }

    /// <summary>Id of the import source.</summary>
    public string SourceId { get; set; } = "";

    public ImportSource? Source { get; set; }

    /// <summary>When the run began (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When the run ended (UTC); null while running.</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>State of the run.</summary>
    public ImportRunStatus Status { get; set; } = ImportRunStatus.Running;

    /// <summary>Whether the run only reported what would change and wrote nothing.</summary>
    public bool IsDryRun { get; set; }

    /// <summary>Whether the server answered that the feed had not changed since the last run (nothing was read).</summary>
    public bool NotModified { get; set; }

    /// <summary>Rows (or records) read from the feed.</summary>
    public int RowsRead { get; set; }

    /// <summary>Records created.</summary>
    public int Created { get; set; }

    /// <summary>Records with at least one field changed.</summary>
    public int Updated { get; set; }

    /// <summary>Records found identical to what is stored.</summary>
    public int Unchanged { get; set; }

    /// <summary>Records missing from a full feed, marked withdrawn.</summary>
    public int Withdrawn { get; set; }

    /// <summary>Withdrawn records that came back.</summary>
    public int Restored { get; set; }

    /// <summary>Rows skipped as invalid.</summary>
    public int Rejected { get; set; }

    /// <summary>Field changes not applied because a person set the field (see the precedence rule).</summary>
    public int Protected { get; set; }

    /// <summary>Why the run failed or aborted, or a note on what it skipped.</summary>
    public string? Message { get; set; }

    public List<ImportRunError> Errors { get; set; } = [];
}

/// <summary>State of an import run.</summary>
public enum ImportRunStatus
{
    [Description("Still running.")]
    Running,
    [Description("Finished; rejected rows, if any, are listed in its errors.")]
    Succeeded,
    [Description("Stopped by an error (fetching, parsing or writing); batches committed before it stay.")]
    Failed,
    [Description("Stopped before writing anything because too many rows were invalid.")]
    Aborted,
}

/// <summary>A row of the feed the run skipped, and why.</summary>
public sealed class ImportRunError
{
    public int Id { get; set; }

    public int ImportRunId { get; set; }

    /// <summary>Row (CSV line, or position of the record in a JSON feed) starting at 1.</summary>
    public int Row { get; set; }

    /// <summary>The record's id in the feed, when known.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Field at fault, as named in the feed or the mapping.</summary>
    public string? Field { get; set; }

    /// <summary>What is wrong.</summary>
    public string Message { get; set; } = "";
}
