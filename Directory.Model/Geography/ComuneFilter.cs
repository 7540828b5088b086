using Directory.Model.Common;

namespace Directory.Model.Geography;

/// <summary>Which comuni to list. Search matches the folded name: exact first, then prefix, then anywhere.</summary>
public sealed record ComuneFilter(string? Search = null, string? ProvinceIstatCode = null, string? RegionIstatCode = null)
{
    public IQueryable<Comune> Apply(IQueryable<Comune> comuni)
    {
        if (ProvinceIstatCode is not null)
        {
            comuni = comuni.Where(c => c.ProvinceIstatCode == ProvinceIstatCode);
        }

        if (RegionIstatCode is not null)
        {
            comuni = comuni.Where(c => c.Province!.RegionIstatCode == RegionIstatCode);
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return comuni.OrderBy(c => c.Name).ThenBy(c => c.IstatCode);
        }

        var folded = TextFolding.Fold(Search.Trim());
        return comuni
            .Where(c => c.SearchName.Contains(folded))
            .OrderBy(c => c.SearchName == folded ? 0 : c.SearchName.Substring(0, folded.Length) == folded ? 1 : 2)
            .ThenBy(c => c.Name)
            .ThenBy(c => c.IstatCode);
    }
}
