namespace Directory.Model.Seeding;

/// <summary>
/// Which version of each seed set was last applied, so a start with unchanged seed files skips seeding entirely.
/// </summary>
public sealed class SeedHistory
{
    /// <summary>Seed set: <c>geography</c>, <c>taxonomy</c> or <c>demo</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the seed files, hex.</summary>
    public string Hash { get; set; } = "";

    /// <summary>When it was applied (UTC).</summary>
    public DateTime AppliedAt { get; set; }
}
