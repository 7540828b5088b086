using Directory.Model.Common;

namespace Directory.Model.Organizations;

/// <summary>Which organizations to list.</summary>
public sealed record OrganizationFilter(
    IReadOnlyList<OrganizationKind>? Kinds = null,
    string? ComuneIstatCode = null,
    string? ProvinceIstatCode = null,
    bool IncludeWithdrawn = false)
{
    public IQueryable<Organization> Apply(IQueryable<Organization> organizations)
    {
        if (!IncludeWithdrawn)
        {
            organizations = organizations.Where(o => o.WithdrawnAt == null);
        }

        if (Kinds is { Count: > 0 } kinds)
        {
            organizations = organizations.Where(o => kinds.Contains(o.Kind));
        }

        if (ComuneIstatCode is { } comune)
        {
            organizations = organizations.Where(o => o.ComuneIstatCode == comune);
        }

        if (ProvinceIstatCode is { } province)
        {
            organizations = organizations.Where(o => o.Comune!.ProvinceIstatCode == province);
        }

        return organizations;
    }
}
