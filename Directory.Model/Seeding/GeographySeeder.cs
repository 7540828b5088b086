using System.Globalization;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Geography;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Seeding;

/// <summary>
/// Loads regions, provinces and comuni from the ISTAT-derived CSV (see seed/reference/README.md).
/// Idempotent: rows already stored and unchanged are left alone, changed ones are updated, new ones added.
/// </summary>
public static class GeographySeeder
{
    private static readonly string[] Header =
    [
        "istat_code", "name", "region_istat_code", "region_name", "province_istat_code", "province_name",
        "province_abbr", "cadastral_code", "postal_codes", "population", "latitude", "longitude", "coordinate_source",
    ];

    /// <summary>Parsed rows of the comuni file; throws <see cref="SeedDataException"/> naming the line and field of a bad row.</summary>
    public static List<ComuneRow> Read(string path)
    {
        var rows = new List<ComuneRow>();
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine() ?? throw new SeedDataException($"{path}: the file is empty");
        var columns = CsvLine.Split(header);
        if (!columns.SequenceEqual(Header))
        {
            throw new SeedDataException($"{path}, line 1: expected columns {string.Join(',', Header)}");
        }

        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(line);
            if (f.Count != Header.Length)
            {
                throw new SeedDataException($"{path}, line {lineNumber}: expected {Header.Length} fields, found {f.Count}");
            }

            rows.Add(new ComuneRow(
                Code(path, lineNumber, "istat_code", f[0], 6),
                Required(path, lineNumber, "name", f[1]),
                Code(path, lineNumber, "region_istat_code", f[2], 2),
                Required(path, lineNumber, "region_name", f[3]),
                Code(path, lineNumber, "province_istat_code", f[4], 3),
                Required(path, lineNumber, "province_name", f[5]),
                f[6],
                f[7],
                f[8].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                OptionalInt(path, lineNumber, "population", f[9]),
                OptionalCoordinate(path, lineNumber, "latitude", f[10], 90),
                OptionalCoordinate(path, lineNumber, "longitude", f[11], 180),
                f[12].Length == 0 ? null : f[12]));
        }

        return rows;
    }

    public static async Task<int> SeedAsync(DirectoryDbContext db, string path, CancellationToken cancellationToken)
    {
        var rows = Read(path);
        var changes = 0;
        // Thousands of rows: detect changes once at the end, not on every touch.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var regions = await db.Regions.AsTracking().ToDictionaryAsync(r => r.IstatCode, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows.DistinctBy(r => r.RegionCode))
        {
            if (!regions.TryGetValue(row.RegionCode, out var region))
            {
                region = new Region { IstatCode = row.RegionCode, Source = Sources.Istat };
                db.Regions.Add(region);
                regions[row.RegionCode] = region;
            }

            region.Name = row.RegionName;
        }

        var provinces = await db.Provinces.AsTracking().ToDictionaryAsync(p => p.IstatCode, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows.DistinctBy(r => r.ProvinceCode))
        {
            if (!provinces.TryGetValue(row.ProvinceCode, out var province))
            {
                province = new Province { IstatCode = row.ProvinceCode, Source = Sources.Istat };
                db.Provinces.Add(province);
                provinces[row.ProvinceCode] = province;
            }

            province.Name = row.ProvinceName;
            province.Abbreviation = row.ProvinceAbbreviation;
            province.RegionIstatCode = row.RegionCode;
        }

        var comuni = await db.Comuni.AsTracking().ToDictionaryAsync(c => c.IstatCode, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (!comuni.TryGetValue(row.IstatCode, out var comune))
            {
                comune = new Comune { IstatCode = row.IstatCode, Source = Sources.Istat };
                db.Comuni.Add(comune);
            }

            comune.Name = row.Name;
            comune.SearchName = TextFolding.Fold(row.Name);
            comune.ProvinceIstatCode = row.ProvinceCode;
            comune.CadastralCode = row.CadastralCode;
            if (!comune.PostalCodes.SequenceEqual(row.PostalCodes))
            {
                comune.PostalCodes = row.PostalCodes;
            }

            comune.Population = row.Population;
            comune.Latitude = row.Latitude;
            comune.Longitude = row.Longitude;
            comune.CoordinateSource = row.CoordinateSource;
        }

        db.ChangeTracker.DetectChanges();
        changes += await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return changes;
    }

    private static string Required(string path, int line, string field, string value) =>
        value.Length > 0 ? value : throw new SeedDataException($"{path}, line {line}, field {field}: must not be empty");

    private static string Code(string path, int line, string field, string value, int digits) =>
        value.Length == digits && value.All(char.IsAsciiDigit)
            ? value
            : throw new SeedDataException($"{path}, line {line}, field {field}: expected {digits} digits, found '{value}'");

    private static int? OptionalInt(string path, int line, string field, string value) =>
        value.Length == 0 ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new SeedDataException($"{path}, line {line}, field {field}: not a whole number: '{value}'");

    private static double? OptionalCoordinate(string path, int line, string field, string value, double limit) =>
        value.Length == 0 ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) <= limit ? d
        : throw new SeedDataException($"{path}, line {line}, field {field}: not a coordinate within ±{limit}: '{value}'");
}

/// <summary>One row of the comuni file.</summary>
public sealed record ComuneRow(
    string IstatCode,
    string Name,
    string RegionCode,
    string RegionName,
    string ProvinceCode,
    string ProvinceName,
    string ProvinceAbbreviation,
    string CadastralCode,
    List<string> PostalCodes,
    int? Population,
    double? Latitude,
    double? Longitude,
    string? CoordinateSource);
