using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Directory.Model.Common;
using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;

namespace Directory.Importers.Sync;

/// <summary>A comune found for a reference, with its centroid.</summary>
public sealed record MatchedComune(string IstatCode, string Name, double? Latitude, double? Longitude);

/// <summary>
/// Finds comuni by ISTAT code, cadastral code or name (accents and case ignored); a name shared by several
/// comuni needs the province (abbreviation, ISTAT code or name) to decide.
/// </summary>
public sealed class ComuneMatcher
{
    private sealed record Entry(string IstatCode, string CadastralCode, string Name, string SearchName, string ProvinceCode, string ProvinceAbbreviation, string ProvinceSearchName, double? Latitude, double? Longitude);

    private readonly Dictionary<string, Entry> _byIstat;
    private readonly Dictionary<string, Entry> _byCadastral;
    private readonly Dictionary<string, List<Entry>> _byName;

    private ComuneMatcher(List<Entry> entries)
    {
        _byIstat = entries.ToDictionary(e => e.IstatCode, StringComparer.Ordinal);
        _byCadastral = entries.Where(e => e.CadastralCode.Length > 0).GroupBy(e => e.CadastralCode, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _byName = entries.GroupBy(e => e.SearchName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var text = string.Join("\n", entries.OrderBy(e => e.IstatCode, StringComparer.Ordinal).Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{e.IstatCode}|{e.CadastralCode}|{e.Name}|{e.ProvinceCode}|{e.ProvinceAbbreviation}|{e.ProvinceSearchName}|{e.Latitude:R}|{e.Longitude:R}")));
        Digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A hash of every comune as matched (codes, names, provinces, centroids): it changes when the reference data does.</summary>
    public string Digest { get; }

    /// <summary>Number of comuni known.</summary>
    public int Count => _byIstat.Count;

    public static async Task<ComuneMatcher> LoadAsync(DirectoryDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Comuni.AsNoTracking()
            .Select(c => new { c.IstatCode, c.CadastralCode, c.Name, c.ProvinceIstatCode, c.Province!.Abbreviation, ProvinceName = c.Province.Name, c.Latitude, c.Longitude })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new ComuneMatcher(rows.Select(r => new Entry(r.IstatCode, r.CadastralCode, r.Name, Fold(r.Name), r.ProvinceIstatCode, r.Abbreviation, Fold(r.ProvinceName), r.Latitude, r.Longitude)).ToList());
    }

    /// <summary>The comune the reference names, or the reason none (or more than one) fits.</summary>
    public (MatchedComune? Comune, string? Error) Match(ComuneReference reference)
    {
        if (reference.IstatCode is { } istat)
        {
            var code = istat.Trim();
            if (code.Length is > 0 and < 6 && code.All(char.IsAsciiDigit))
            {
                code = code.PadLeft(6, '0');
            }

            return _byIstat.TryGetValue(code, out var byIstat) ? (ToMatch(byIstat), null) : (null, $"no comune has ISTAT code '{istat}'");
        }

        if (reference.CadastralCode is { } cadastral)
        {
            return _byCadastral.TryGetValue(cadastral.Trim(), out var byCadastral) ? (ToMatch(byCadastral), null) : (null, $"no comune has cadastral code '{cadastral}'");
        }

        if (reference.Name is not { } name)
        {
            return (null, "no comune given");
        }

        if (!_byName.TryGetValue(Fold(name), out var candidates))
        {
            return (null, $"no comune is named '{name}'");
        }

        if (reference.Province is { } province)
        {
            var folded = Fold(province);
            candidates = candidates.Where(c => string.Equals(c.ProvinceAbbreviation, province.Trim(), StringComparison.OrdinalIgnoreCase)
                || c.ProvinceCode == province.Trim().PadLeft(3, '0') || c.ProvinceSearchName == folded).ToList();
            if (candidates.Count == 0)
            {
                return (null, $"no comune named '{name}' in province '{province}'");
            }
        }

        return candidates.Count == 1
            ? (ToMatch(candidates[0]), null)
            : (null, $"'{name}' names {candidates.Count} comuni ({string.Join(", ", candidates.Select(c => c.ProvinceAbbreviation))}); give the province");
    }

    private static MatchedComune ToMatch(Entry e) => new(e.IstatCode, e.Name, e.Latitude, e.Longitude);

    private static string Fold(string text) => TextFolding.Fold(text.Trim());
}
