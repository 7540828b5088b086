namespace Directory.Model.Importing;

/// <summary>
/// One field of one record changed: old and new value, by which import run or which person, when. Imports and
/// manual edits write to the same log.
/// </summary>
public sealed class ChangeLogEntry
{
    public long Id { get; set; }

    /// <summary>Entity type name, e.g. <c>Service</c>.</summary>
    public string EntityType { get; set; } = "";

    /// <summary>Key of the record (its id, as text).</summary>
    public string EntityKey { get; set; } = "";

    /// <summary>Field name as in the API, e.g. <c>description</c>; <c>record</c> for creation, withdrawal and restoration.</summary>
    public string Field { get; set; } = "";

    /// <summary>Value before the change, as text; null when there was none.</summary>
    public string? OldValue { get; set; }

    /// <summary>Value after the change, as text; null when cleared.</summary>
    public string? NewValue { get; set; }

    /// <summary>Who changed it: an import source id or a person.</summary>
    public string ChangedBy { get; set; } = "";

    /// <summary>Whether <see cref="ChangedBy"/> is an import source or a person.</summary>
    public ChangeAuthorKind ChangedByKind { get; set; }

    /// <summary>The import run that made the change, when an import did.</summary>
    public int? ImportRunId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime ChangedAt { get; set; }
}

/// <summary>Who set a value.</summary>
public enum ChangeAuthorKind
{
    /// <summary>An import source.</summary>
    Import,

    /// <summary>A person editing the Directory.</summary>
    Person,
}
