namespace Directory.Model.Locations;

/// <summary>Which locations to list. Every criterion given must hold.</summary>
public sealed record LocationFilter
{
    /// <summary>ISTAT code of the comune the place is in.</summary>
    public string? ComuneIstatCode { get; init; }

    /// <summary>ISTAT code of the province the place is in.</summary>
    public string? ProvinceIstatCode { get; init; }

    /// <summary>ISTAT code of the region the place is in.</summary>
    public string? RegionIstatCode { get; init; }

    /// <summary>Only places run by this organization.</summary>
    public int? OrganizationId { get; init; }

    /// <summary>Include places a feed has withdrawn (left out by default).</summary>
    public bool IncludeWithdrawn { get; init; }

    public IQueryable<Location> Apply(IQueryable<Location> locations)
    {
        if (!IncludeWithdrawn)
        {
            locations = locations.Where(l => l.WithdrawnAt == null);
        }

        if (ComuneIstatCode is { } comune)
        {
            locations = locations.Where(l => l.ComuneIstatCode == comune);
        }

        if (ProvinceIstatCode is { } province)
        {
            locations = locations.Where(l => l.Comune!.ProvinceIstatCode == province);
        }

        if (RegionIstatCode is { } region)
        {
            locations = locations.Where(l => l.Comune!.Province!.RegionIstatCode == region);
        }

        if (OrganizationId is { } organization)
        {
            locations = locations.Where(l => l.OrganizationId == organization);
        }

        return locations;
    }
}
