using System.Text.Json;

namespace Directory.Importers.Formats;

/// <summary>
/// The declarative mapping of a GeoJSON feed (a JSON file): what each feature is (<see cref="Target"/>), which
/// property feeds which field, value maps and defaults. Coordinates always come from the feature's Point geometry;
/// the record's id from the property mapped to <c>association.id</c> / <c>service.id</c>, else the feature's <c>id</c>.
/// </summary>
public sealed class GeoJsonMapping : FieldMapping
{
    public const string AssociationTarget = "association";
    public const string ServiceTarget = "service";

    /// <summary>Fields a property may feed when features are associations (headquarters under <c>location.</c>).</summary>
    public static readonly IReadOnlySet<string> AssociationFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "association.id", "association.name", "association.description", "association.language", "association.communities",
        "association.isMultiCommunity", "association.languages", "association.activityKinds", "association.areas",
        "association.foundedYear", "association.membersCount", "association.email", "association.website", "association.socialLinks",
        "association.phone",
        "location.id", "location.name", "location.description", "location.address", "location.addressLine2", "location.postalCode",
        "location.comune", "location.comuneIstatCode", "location.comuneCadastralCode", "location.province", "location.phone",
        "location.transportation",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary><c>association</c> (default): each feature is an association at its headquarters; <c>service</c>: a service desk at a location.</summary>
    public string Target { get; set; } = AssociationTarget;

    /// <summary>Feature property → field.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    /// <summary>The field that holds the record's id.</summary>
    public string IdField => Target == ServiceTarget ? "service.id" : "association.id";

    /// <summary>Fields the properties may feed for this target.</summary>
    public IReadOnlySet<string> Fields => Target == ServiceTarget ? ServiceFields : AssociationFields;

    private static readonly HashSet<string> ServiceFields = CsvMapping.Fields.Where(f => f is not ("location.latitude" or "location.longitude")).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads and checks a mapping file; throws <see cref="InvalidDataException"/> naming the file and the entry at fault.</summary>
    public static GeoJsonMapping Load(string path)
    {
        GeoJsonMapping mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<GeoJsonMapping>(File.ReadAllText(path), Json) ?? new GeoJsonMapping();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        if (mapping.Target is not (AssociationTarget or ServiceTarget))
        {
            throw new InvalidDataException($"{path}: target must be '{AssociationTarget}' or '{ServiceTarget}', not '{mapping.Target}'");
        }

        foreach (var (property, field) in mapping.Properties)
        {
            if (field is "location.latitude" or "location.longitude")
            {
                throw new InvalidDataException($"{path}: property '{property}' maps to {field}, but coordinates come from the feature's geometry");
            }

            if (!mapping.Fields.Contains(field))
            {
                throw new InvalidDataException($"{path}: property '{property}' maps to unknown field '{field}' for target '{mapping.Target}' (known: {string.Join(", ", mapping.Fields)})");
            }
        }

        foreach (var field in mapping.Values.Keys.Concat(mapping.Defaults.Keys).Where(f => !mapping.Fields.Contains(f)))
        {
            throw new InvalidDataException($"{path}: unknown field '{field}' in values or defaults for target '{mapping.Target}'");
        }

        if (mapping.ListSeparator.Length == 0)
        {
            throw new InvalidDataException($"{path}: listSeparator must not be empty");
        }

        return mapping;
    }
}
