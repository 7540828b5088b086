using System.Text;
using System.Text.Json;

namespace Directory.Importers.Formats;

/// <summary>
/// The declarative mapping of a CSV feed (a JSON file): which column feeds which field, value maps, defaults,
/// delimiter and encoding. Format in the README, section "Importing".
/// </summary>
public sealed class CsvMapping : FieldMapping
{
    /// <summary>Fields a column may feed.</summary>
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
    {
        "service.id", "service.name", "service.alternateName", "service.shortDescription", "service.description", "service.url",
        "service.email", "service.status", "service.languages", "service.categories", "service.phone", "service.applicationProcess",
        "service.feesDescription", "service.eligibilityDescription", "service.hours",
        "organization.id", "organization.name", "organization.alternateName", "organization.description", "organization.website",
        "organization.email", "organization.taxId", "organization.kind", "organization.phone",
        "location.id", "location.name", "location.description", "location.address", "location.addressLine2", "location.postalCode",
        "location.comune", "location.comuneIstatCode", "location.comuneCadastralCode", "location.province", "location.latitude",
        "location.longitude", "location.phone", "location.transportation",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Column separator (one character); default <c>,</c>.</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary><c>utf-8</c> (default; a byte order mark is skipped) or <c>latin1</c> (ISO-8859-1).</summary>
    public string Encoding { get; set; } = "utf-8";

    /// <summary>Column header → field.</summary>
    public Dictionary<string, string> Columns { get; set; } = [];

    /// <summary>Reads and checks a mapping file; throws <see cref="InvalidDataException"/> naming the file and the entry at fault.</summary>
    public static CsvMapping Load(string path)
    {
        CsvMapping mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<CsvMapping>(File.ReadAllText(path), Json) ?? new CsvMapping();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        foreach (var (column, field) in mapping.Columns)
        {
            if (!Fields.Contains(field))
            {
                throw new InvalidDataException($"{path}: column '{column}' maps to unknown field '{field}' (known: {string.Join(", ", Fields)})");
            }
        }

        foreach (var field in mapping.Values.Keys.Concat(mapping.Defaults.Keys).Where(f => !Fields.Contains(f)))
        {
            throw new InvalidDataException($"{path}: unknown field '{field}' in values or defaults");
        }

        if (mapping.Delimiter.Length != 1)
        {
            throw new InvalidDataException($"{path}: delimiter must be one character");
        }

        if (!mapping.Columns.ContainsValue("service.id") && !mapping.Defaults.ContainsKey("service.id"))
        {
            throw new InvalidDataException($"{path}: a column must map to service.id");
        }

        _ = mapping.TextEncoding(path);
        return mapping;
    }

    /// <summary>The encoding; invalid bytes throw rather than turn into replacement characters.</summary>
    public Encoding TextEncoding(string path) => Encoding.ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        "latin1" or "latin-1" or "iso-8859-1" => System.Text.Encoding.Latin1,
        _ => throw new InvalidDataException($"{path}: encoding '{Encoding}' is not supported (utf-8, latin1)"),
    };
}
