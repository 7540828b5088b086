using Directory.Model.Common;

namespace Directory.Model.Councils;

/// <summary>Which representative councils to list.</summary>
public sealed record CouncilFilter(
    string? ComuneIstatCode = null,
    string? ProvinceIstatCode = null,
    IReadOnlyList<CouncilStatus>? Statuses = null,
    IReadOnlyList<CouncilKind>? Kinds = null)
{
    public IQueryable<RepresentativeCouncil> Apply(IQueryable<RepresentativeCouncil> councils, IQueryable<Geography.Comune> comuni)
    {
        if (ComuneIstatCode is { } comune)
        {
            councils = councils.Where(c => c.ComuneIstatCode == comune);
        }

        if (ProvinceIstatCode is { } province)
        {
            // A province's own council, and those of its comuni.
            councils = councils.Where(c => c.ProvinceIstatCode == province
                || comuni.Any(x => x.IstatCode == c.ComuneIstatCode && x.ProvinceIstatCode == province));
        }

        if (Statuses is { Count: > 0 } statuses)
        {
            councils = councils.Where(c => statuses.Contains(c.Status));
        }

        if (Kinds is { Count: > 0 } kinds)
        {
            councils = councils.Where(c => kinds.Contains(c.Kind));
        }

        return councils;
    }
}
