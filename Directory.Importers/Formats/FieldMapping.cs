namespace Directory.Importers.Formats;

/// <summary>
/// What every declarative mapping shares (CSV columns, GeoJSON properties): value maps, defaults and the separator
/// of several values in one cell.
/// </summary>
public abstract class FieldMapping
{
    /// <summary>Separator of several values in one cell (languages, categories); default <c>|</c>.</summary>
    public string ListSeparator { get; set; } = "|";

    /// <summary>Field → (value in the feed → value stored), applied before parsing, to the whole value and to each item of a list; matching ignores case.</summary>
    public Dictionary<string, Dictionary<string, string>> Values { get; set; } = [];

    /// <summary>Field → value used when the feed gives none.</summary>
    public Dictionary<string, string> Defaults { get; set; } = [];
}
