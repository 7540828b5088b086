using System.Globalization;
using Directory.Importers.Sync;

namespace Directory.Importers.Formats;

/// <summary>
/// One row or feature seen through a mapping: value maps and defaults applied, empty values as null, parse
/// problems collected with the field they concern.
/// </summary>
internal sealed class MappedRow(Func<string, string?> raw, FieldMapping mapping)
{
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>External id of the record, once known, for the problems found after it.</summary>
    public string? Id { get; set; }

    public string? this[string field]
    {
        get
        {
            var value = raw(field)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                value = mapping.Defaults.GetValueOrDefault(field);
            }

            value = value is null ? null : Map(field, value);
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }

    private string Map(string field, string value)
    {
        if (!mapping.Values.TryGetValue(field, out var map))
        {
            return value;
        }

        var mapped = map.FirstOrDefault(kv => string.Equals(kv.Key, value, StringComparison.OrdinalIgnoreCase));
        return mapped.Key is null ? value : mapped.Value;
    }

    public List<string> List(string field) =>
        this[field]?.Split(mapping.ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => Map(field, v))
            .Where(v => v.Length > 0).ToList() ?? [];

    public double? Number(string field)
    {
        if (this[field] is not { } text)
        {
            return null;
        }

        // Italian spreadsheets write decimals with a comma.
        if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problems.Add(new ImportProblem(Id, field, $"'{text}' is not a number"));
        return null;
    }

    public int? Integer(string field)
    {
        if (this[field] is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        Problems.Add(new ImportProblem(Id, field, $"'{text}' is not a whole number"));
        return null;
    }

    public bool? Boolean(string field)
    {
        switch (this[field]?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "1" or "sì" or "si":
                return true;
            case "false" or "no" or "0":
                return false;
            case var other:
                Problems.Add(new ImportProblem(Id, field, $"'{other}' is not true or false"));
                return null;
        }
    }

    public T Enum<T>(string field, T fallback)
        where T : struct, Enum
    {
        if (this[field] is not { } text)
        {
            return fallback;
        }

        return Parse(field, text, out T value) ? value : fallback;
    }

    public List<T> Enums<T>(string field)
        where T : struct, Enum
    {
        var result = new List<T>();
        foreach (var text in List(field))
        {
            if (Parse(field, text, out T value) && !result.Contains(value))
            {
                result.Add(value);
            }
        }

        return result;
    }

    private bool Parse<T>(string field, string text, out T value)
        where T : struct, Enum
    {
        if (System.Enum.TryParse(text.Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out value) && System.Enum.IsDefined(value))
        {
            return true;
        }

        Problems.Add(new ImportProblem(Id, field, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}"));
        return false;
    }

    public List<ImportedPhone> Phone(string field) => this[field] is { } number ? [new ImportedPhone(number)] : [];
}
