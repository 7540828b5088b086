namespace Directory.Model.Translations;

/// <summary>
/// A translation of one text field of one record into one language. Original texts stay on the record
/// (in the record's own language, Italian unless stated); translations sit here, one row per field and language.
/// </summary>
public sealed class Translation
{
    public int Id { get; set; }

    /// <summary>Entity type name, e.g. <c>Service</c> or <c>ProcedureStep</c>.</summary>
    public string EntityType { get; set; } = "";

    /// <summary>Key of the record (its id or code, as text).</summary>
    public string EntityKey { get; set; } = "";

    /// <summary>Field name as in the API, e.g. <c>description</c>.</summary>
    public string Field { get; set; } = "";

    /// <summary>BCP 47 language tag of the text, e.g. <c>en</c>, <c>fr</c>, <c>ar</c>, <c>zh-Hans</c>.</summary>
    public string Language { get; set; } = "";

    /// <summary>The translated text.</summary>
    public string Text { get; set; } = "";

    /// <summary>Language the text was translated from.</summary>
    public string SourceLanguage { get; set; } = "it";

    /// <summary>Whether a machine produced it without human review.</summary>
    public bool IsMachineTranslated { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Provenance of the translation, as on records.</summary>
    public string Source { get; set; } = Common.Sources.Manual;
}
