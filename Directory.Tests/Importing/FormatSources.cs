using System.Globalization;
using System.Text;
using Directory.Importers.Sources;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

/// <summary>Sources of the GeoJSON and data package tests, and a dump of what those feeds store beyond services.</summary>
public static class FormatSources
{
    public static SourceDefinition GeoJson(string path, string mapping, string id = "test-geojson") =>
        new() { Id = id, Name = id, Format = ImportFormat.GeoJson, Path = path, Mapping = mapping };

    public static SourceDefinition DataPackage(string? path = null, string? url = null, string id = "test-datapackage") =>
        new() { Id = id, Name = id, Format = ImportFormat.HsdsDataPackage, Path = path, Url = url };

    /// <summary><see cref="ImportHarness.DumpAsync"/> plus associations, their areas and phones, so a test can assert a run changed nothing.</summary>
    public static async Task<string> DumpWithAssociationsAsync(this ImportHarness harness)
    {
        var text = new StringBuilder(await harness.DumpAsync());
        await using var db = await harness.DbAsync();
        foreach (var a in await db.Associations.Include(a => a.Areas).Include(a => a.Phones).OrderBy(a => a.Id).AsSplitQuery().ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"G {a.Id} {a.Source} {a.ExternalId} {a.Name} {a.HeadquartersLocationId} {string.Join(',', a.Communities)} {string.Join(',', a.ActivityKinds)} "
                + $"{a.MembersCount} {string.Join(',', a.Areas.Select(x => x.AreaCode).Order())} {string.Join(',', a.Phones.Select(p => p.Number))} {a.WithdrawnAt:O} {a.Revision} {a.UpdatedAt:O}");
        }

        return text.ToString();
    }
}
