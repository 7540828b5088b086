using Directory.Model.Common;

namespace Directory.Model.Associations;

/// <summary>Which associations to list. Territory matches the headquarters or any declared area.</summary>
public sealed record AssociationFilter
{
    public IReadOnlyList<string>? Communities { get; init; }

    public IReadOnlyList<string>? Languages { get; init; }

    public IReadOnlyList<ActivityKind>? ActivityKinds { get; init; }

    public string? ComuneIstatCode { get; init; }

    public string? ProvinceIstatCode { get; init; }

    public bool? IsMultiCommunity { get; init; }

    /// <summary>Include records a feed has withdrawn (left out by default).</summary>
    public bool IncludeWithdrawn { get; init; }

    public IQueryable<Association> Apply(IQueryable<Association> associations)
    {
        if (!IncludeWithdrawn)
        {
            associations = associations.Where(a => a.WithdrawnAt == null);
        }

        if (Communities is { Count: > 0 } communities)
        {
            associations = associations.Where(a => a.Communities.Any(c => communities.Contains(c)));
        }

        if (Languages is { Count: > 0 } languages)
        {
            associations = associations.Where(a => a.Languages.Any(l => languages.Contains(l)));
        }

        if (ActivityKinds is { Count: > 0 } kinds)
        {
            associations = associations.Where(a => a.ActivityKinds.Any(k => kinds.Contains(k)));
        }

        if (ComuneIstatCode is { } comune)
        {
            var province = comune[..3];
            associations = associations.Where(a =>
                (a.Headquarters != null && a.Headquarters.ComuneIstatCode == comune)
                || a.Areas.Any(x => x.AreaCode == comune || x.AreaCode == province));
        }

        if (ProvinceIstatCode is { } p)
        {
            associations = associations.Where(a =>
                (a.Headquarters != null && a.Headquarters.Comune!.ProvinceIstatCode == p)
                || a.Areas.Any(x => x.AreaCode == p || (x.AreaCode.Length == 6 && x.AreaCode.Substring(0, 3) == p)));
        }

        if (IsMultiCommunity is { } multi)
        {
            associations = associations.Where(a => a.IsMultiCommunity == multi);
        }

        return associations;
    }
}
