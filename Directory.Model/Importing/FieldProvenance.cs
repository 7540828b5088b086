namespace Directory.Model.Importing;

/// <summary>
/// Who last set one field of one record, and when. A field without a row was set by the record's own
/// <c>Source</c> when the record was created.
/// </summary>
/// <remarks>
/// Precedence rule: a field whose provenance is a <see cref="ChangeAuthorKind.Person"/> is never overwritten by
/// an import; the import's value is counted as protected. Any other field takes the feed's value.
/// </remarks>
public sealed class FieldProvenance
{
    /// <summary>Entity type name, e.g. <c>Service</c>.</summary>
    public string EntityType { get; set; } = "";

    /// <summary>Key of the record (its id, as text).</summary>
    public string EntityKey { get; set; } = "";

    /// <summary>Field name as in the API.</summary>
    public string Field { get; set; } = "";

    /// <summary>Import source id or person that set the value.</summary>
    public string SetBy { get; set; } = "";

    /// <summary>Whether <see cref="SetBy"/> is an import source or a person.</summary>
    public ChangeAuthorKind SetByKind { get; set; }

    /// <summary>The import run that set it, when an import did.</summary>
    public int? ImportRunId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime SetAt { get; set; }
}
