namespace Directory.Model.Importing;

/// <summary>
/// Who is importing a source right now, until when. At most one row per source: a run (scheduled or from the
/// command line) takes it before starting and gives it back when done; a holder that died leaves it to expire.
/// </summary>
public sealed class ImportLease
{
    /// <summary>Id of the import source.</summary>
    public string SourceId { get; set; } = "";

    /// <summary>Who holds the lease, e.g. <c>scheduler@host:1234</c> or <c>cli@host:5678</c>.</summary>
    public string Holder { get; set; } = "";

    /// <summary>When the holder took it (UTC).</summary>
    public DateTime TakenAt { get; set; }

    /// <summary>Until when it holds (UTC); the holder extends it while the run goes on.</summary>
    public DateTime ExpiresAt { get; set; }
}
