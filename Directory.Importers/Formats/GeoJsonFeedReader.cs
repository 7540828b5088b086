using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Importing;

namespace Directory.Importers.Formats;

/// <summary>
/// Reads a GeoJSON FeatureCollection (RFC 7946) through its mapping, one feature at a time: each Point feature is an
/// association at its headquarters, or a service desk at a location (the mapping's target). Coordinates come from
/// the geometry, in GeoJSON order [longitude, latitude]. A feature without a Point (no geometry, a MultiPoint, a
/// polygon), with coordinates out of range or with a property that does not parse is rejected with its index and
/// field (<c>features[3].geometry</c>, <c>features[3].properties.nome</c>); a document that is not a
/// FeatureCollection, or is cut short, fails the run.
/// </summary>
public sealed class GeoJsonFeedReader : IFeedReader
{
    public ImportFormat Format => ImportFormat.GeoJson;

    public async IAsyncEnumerable<ImportItem> ReadAsync(Stream content, SourceDefinition source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mappingPath = source.Mapping ?? throw new InvalidDataException($"source {source.Id}: a GeoJSON source needs a mapping file");
        var mapping = GeoJsonMapping.Load(mappingPath);
        var features = new GeoJsonFeatureStream(content);
        var index = 0;
        while (await features.NextAsync(cancellationToken).ConfigureAwait(false) is { } feature)
        {
            using (feature)
            {
                yield return Read(index, feature.RootElement, mapping);
            }

            index++;
        }
    }

    /// <summary>Maps one feature (its position in <c>features</c> counts from 0; the row reported is that plus one).</summary>
    public static ImportItem Read(int index, JsonElement feature, GeoJsonMapping mapping)
    {
        var path = $"features[{index}]";
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
        {
            return ImportItem.Rejected(index + 1, null, path, "expected a Feature object");
        }

        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var propertyOf = mapping.Properties.GroupBy(kv => kv.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList(), StringComparer.Ordinal);
        var geometryProblems = new List<(string Field, string Message)>();
        var (latitude, longitude) = Point(feature, path, geometryProblems);

        string? Raw(string field)
        {
            switch (field)
            {
                case "location.latitude":
                    return latitude?.ToString("R", CultureInfo.InvariantCulture);
                case "location.longitude":
                    return longitude?.ToString("R", CultureInfo.InvariantCulture);
            }

            if (propertyOf.TryGetValue(field, out var names))
            {
                return names.Select(n => Text(properties, n, mapping.ListSeparator)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            }

            return field == mapping.IdField ? Text(feature, "id", mapping.ListSeparator) : null;
        }

        var row = new MappedRow(Raw, mapping);
        var item = mapping.Target == GeoJsonMapping.ServiceTarget ? MappedRecords.Service(index + 1, row) : MappedRecords.Association(index + 1, row);
        var id = item.Record?.ExternalId ?? item.Problems.Select(x => x.ExternalId).FirstOrDefault(x => x is not null);
        var problems = geometryProblems.Select(g => new ImportProblem(id, g.Field, g.Message))
            .Concat(item.Problems.Select(x => x with { Field = x.Field is null ? path : Where(path, x.Field, propertyOf) }))
            .ToList();
        return problems.Count == 0 ? item : new ImportItem(index + 1, null, problems);
    }

    /// <summary>Where a problem lies: the property that feeds the field, or the field itself.</summary>
    private static string Where(string path, string field, Dictionary<string, List<string>> propertyOf) =>
        field is "location.latitude" or "location.longitude" ? $"{path}.geometry.coordinates"
        : propertyOf.TryGetValue(field, out var names) ? $"{path}.properties.{names[0]}"
        : $"{path}.{field}";

    private static (double? Latitude, double? Longitude) Point(JsonElement feature, string path, List<(string, string)> problems)
    {
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            problems.Add(($"{path}.geometry", "the feature has no geometry: a Point is required"));
            return (null, null);
        }

        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "Point")
        {
            problems.Add(($"{path}.geometry", type == "MultiPoint"
                ? "a MultiPoint names several places: give one Point feature per place"
                : $"'{type}' geometry is not supported: a Point is required"));
            return (null, null);
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2
            || coordinates[0].ValueKind != JsonValueKind.Number || coordinates[1].ValueKind != JsonValueKind.Number)
        {
            problems.Add(($"{path}.geometry.coordinates", "a Point needs coordinates [longitude, latitude] as numbers"));
            return (null, null);
        }

        var longitude = coordinates[0].GetDouble();
        var latitude = coordinates[1].GetDouble();
        if (longitude is < -180 or > 180)
        {
            problems.Add(($"{path}.geometry.coordinates[0]", FormattableString.Invariant($"longitude {longitude} is out of range (-180 to 180)")));
        }

        if (latitude is < -90 or > 90)
        {
            problems.Add(($"{path}.geometry.coordinates[1]", FormattableString.Invariant($"latitude {latitude} is out of range (-90 to 90); GeoJSON gives [longitude, latitude]")));
        }

        return problems.Count == 0 ? (latitude, longitude) : (null, null);
    }

    /// <summary>A property as text: strings as they are, numbers and booleans in invariant form, arrays of them joined by the list separator.</summary>
    private static string? Text(JsonElement owner, string name, string separator)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array => string.Join(separator, value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
            _ => null,
        };
    }
}
