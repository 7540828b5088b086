using Directory.Api.GraphQL.Errors;
using Directory.Model.Data;
using Directory.Model.Geography;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Geography;

/// <summary>
/// Checks territorial arguments before they reach a query, so an unknown code is an error that says so
/// rather than a silently empty list.
/// </summary>
public static class GeographyArguments
{
    /// <summary>A comune's ISTAT code that must exist.</summary>
    public static async Task<string?> ComuneAsync(DirectoryDbContext db, string? value, string argument, CancellationToken ct)
    {
        if (value is null)
        {
            return null;
        }

        if (!IstatCode.IsComune(value))
        {
            throw DirectoryError.BadInput(argument, $"'{argument}' must be a comune's six-digit ISTAT code (e.g. \"048017\" for Firenze); got \"{value}\".");
        }

        return await db.Comuni.AnyAsync(c => c.IstatCode == value, ct).ConfigureAwait(false)
            ? value
            : throw DirectoryError.BadInput(argument, $"No comune has ISTAT code \"{value}\".");
    }

    /// <summary>A province given by three-digit ISTAT code or by abbreviation (e.g. "FI"); answers the code.</summary>
    public static async Task<string?> ProvinceAsync(DirectoryDbContext db, string? value, string argument, CancellationToken ct)
    {
        if (value is null)
        {
            return null;
        }

        string? code = null;
        if (IstatCode.IsProvince(value))
        {
            code = await db.Provinces.Where(p => p.IstatCode == value).Select(p => p.IstatCode).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        }
        else if (value.Length == 2 && value.All(char.IsAsciiLetter))
        {
            var abbreviation = value.ToUpperInvariant();
            code = await db.Provinces.Where(p => p.Abbreviation == abbreviation).Select(p => p.IstatCode).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        }
        else
        {
            throw DirectoryError.BadInput(argument, $"'{argument}' must be a province's three-digit ISTAT code (e.g. \"048\") or its abbreviation (e.g. \"FI\"); got \"{value}\".");
        }

        return code ?? throw DirectoryError.BadInput(argument, $"No province has code or abbreviation \"{value}\".");
    }

    /// <summary>A region's two-digit ISTAT code that must exist.</summary>
    public static async Task<string?> RegionAsync(DirectoryDbContext db, string? value, string argument, CancellationToken ct)
    {
        if (value is null)
        {
            return null;
        }

        if (!IstatCode.IsRegion(value))
        {
            throw DirectoryError.BadInput(argument, $"'{argument}' must be a region's two-digit ISTAT code (e.g. \"09\" for Toscana); got \"{value}\".");
        }

        return await db.Regions.AnyAsync(r => r.IstatCode == value, ct).ConfigureAwait(false)
            ? value
            : throw DirectoryError.BadInput(argument, $"No region has ISTAT code \"{value}\".");
    }
}
