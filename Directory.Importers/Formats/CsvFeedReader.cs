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

            yield return MappedRecords.Service(line, new MappedRow(field => columns.TryGetValue(field, out var index) ? csv.GetField(index) : null, mapping));
        }
    }

    private static string? FieldOrNull(CsvReader csv, Dictionary<string, int> columns, string field) =>
        columns.TryGetValue(field, out var index) && index < csv.Parser.Count && csv.GetField(index) is { Length: > 0 } value ? value : null;
}
