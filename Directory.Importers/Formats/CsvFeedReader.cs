using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Common;
using Directory.Model.Importing;

namespace Directory.Importers.Formats;

/// <summary>
/// Reads a CSV feed through its mapping: one service per line, with the location and organization named on the
/// same line. A line with the wrong number of fields, a bad quote or a value that does not parse is rejected
/// with its line number and field; a file in the wrong encoding fails the run.
/// </summary>
public sealed class CsvFeedReader : IFeedReader
{
    public ImportFormat Format => ImportFormat.Csv;

    public async IAsyncEnumerable<ImportItem> ReadAsync(Stream content, SourceDefinition source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mappingPath = source.Mapping ?? throw new InvalidDataException($"source {source.Id}: a CSV source needs a mapping file");
        var mapping = CsvMapping.Load(mappingPath);
        using var text = new StreamReader(content, mapping.TextEncoding(mappingPath), detectEncodingFromByteOrderMarks: true);
        string? badData = null;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = mapping.Delimiter,
            HasHeaderRecord = true,
            MissingFieldFound = null,
            BadDataFound = args => badData ??= args.RawRecord,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(text, configuration);
        if (!await csv.ReadAsync().ConfigureAwait(false))
        {
            yield break;
        }

        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var missing = mapping.Columns.Keys.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{source.Id}: the header lacks the mapped columns {string.Join(", ", missing)} (found: {string.Join(", ", header)})");
        }

        var columns = header.Select((name, index) => (name, index)).Where(c => mapping.Columns.ContainsKey(c.name))
            .ToDictionary(c => mapping.Columns[c.name], c => c.index, StringComparer.Ordinal);
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = csv.Parser.RawRow;
            if (badData is not null)
            {
                badData = null;
                yield return ImportItem.Rejected(line, null, null, "malformed line (a quote is not closed or stray)");
                continue;
            }

            if (csv.Parser.Count != header.Length)
            {
                yield return ImportItem.Rejected(line, FieldOrNull(csv, columns, "service.id"), null, $"expected {header.Length} fields, found {csv.Parser.Count}");
                continue;
            }

            if (csv.Parser.Record is { } cells && cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return Map(line, new Row(csv, columns, mapping));
        }
    }

    private static string? FieldOrNull(CsvReader csv, Dictionary<string, int> columns, string field) =>
        columns.TryGetValue(field, out var index) && index < csv.Parser.Count && csv.GetField(index) is { Length: > 0 } value ? value : null;

    /// <summary>One line seen through the mapping: value maps and defaults applied, empty cells as null.</summary>
    private sealed class Row(CsvReader csv, Dictionary<string, int> columns, CsvMapping mapping)
    {
        public List<ImportProblem> Problems { get; } = [];

        public string? Id { get; set; }

        public string? this[string field]
        {
            get
            {
                var value = columns.TryGetValue(field, out var index) ? csv.GetField(index)?.Trim() : null;
                if (string.IsNullOrEmpty(value))
                {
                    value = mapping.Defaults.GetValueOrDefault(field);
                }

                if (value is not null && mapping.Values.TryGetValue(field, out var map))
                {
                    var mapped = map.FirstOrDefault(kv => string.Equals(kv.Key, value, StringComparison.OrdinalIgnoreCase));
                    value = mapped.Key is null ? value : mapped.Value;
                }

                return string.IsNullOrEmpty(value) ? null : value;
            }
        }

        public List<string> List(string field) =>
            this[field]?.Split(mapping.ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList() ?? [];

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

        public T Enum<T>(string field, T fallback)
            where T : struct, Enum
        {
            if (this[field] is not { } text)
            {
                return fallback;
            }

            if (System.Enum.TryParse<T>(text.Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value) && System.Enum.IsDefined(value))
            {
                return value;
            }

            Problems.Add(new ImportProblem(Id, field, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}"));
            return fallback;
        }

        public List<ImportedPhone> Phone(string field) => this[field] is { } number ? [new ImportedPhone(number)] : [];
    }

    private static ImportItem Map(int line, Row row)
    {
        var id = row["service.id"];
        if (id is null)
        {
            return ImportItem.Rejected(line, null, "service.id", "the line has no service id");
        }

        row.Id = id;
        var name = row["service.name"];
        if (name is null)
        {
            row.Problems.Add(new ImportProblem(id, "service.name", "the line has no service name"));
        }

        ImportedOrganization? organization = null;
        if (row["organization.name"] is { } organizationName)
        {
            organization = new ImportedOrganization(row["organization.id"] ?? row["organization.taxId"] ?? "org:" + TextFolding.Fold(organizationName), organizationName)
            {
                AlternateName = row["organization.alternateName"],
                Description = row["organization.description"],
                Website = row["organization.website"],
                Email = row["organization.email"],
                TaxId = row["organization.taxId"],
                Kind = row["organization.kind"] is null ? null : row.Enum("organization.kind", OrganizationKind.Other),
                Phones = row.Phone("organization.phone"),
            };
        }

        var locations = new List<ImportedServiceAtLocation>();
        var comune = new ComuneReference(row["location.comuneIstatCode"], row["location.comuneCadastralCode"], row["location.comune"], row["location.province"]);
        if (!comune.IsEmpty || row["location.address"] is not null)
        {
            var schedules = new List<ImportedSchedule>();
            if (row["service.hours"] is { } hours)
            {
                var (intervals, error) = Hours.Parse(hours);
                if (error is not null)
                {
                    row.Problems.Add(new ImportProblem(id, "service.hours", error));
                }

                schedules.AddRange(intervals.Select(i => new ImportedSchedule(i.Day, i.Opens, i.Closes)));
            }

            var location = new ImportedLocation(row["location.id"] ?? id, row["location.name"] ?? name ?? id, comune)
            {
                Description = row["location.description"],
                AddressLine1 = row["location.address"],
                AddressLine2 = row["location.addressLine2"],
                PostalCode = row["location.postalCode"],
                Latitude = row.Number("location.latitude"),
                Longitude = row.Number("location.longitude"),
                Transportation = row["location.transportation"],
                Phones = row.Phone("location.phone"),
            };
            locations.Add(new ImportedServiceAtLocation(location) { Schedules = schedules });
        }

        var service = new ImportedService(id, name ?? id)
        {
            Organization = organization,
            AlternateName = row["service.alternateName"],
            ShortDescription = row["service.shortDescription"],
            Description = row["service.description"],
            Url = row["service.url"],
            Email = row["service.email"],
            Status = row.Enum("service.status", ServiceStatus.Active),
            Languages = row.List("service.languages"),
            CategoryCodes = row.List("service.categories"),
            ApplicationProcess = row["service.applicationProcess"],
            FeesDescription = row["service.feesDescription"],
            EligibilityDescription = row["service.eligibilityDescription"],
            Phones = row.Phone("service.phone"),
            Locations = locations,
        };
        return row.Problems.Count > 0 ? new ImportItem(line, null, row.Problems) : ImportItem.Valid(line, service);
    }
}
