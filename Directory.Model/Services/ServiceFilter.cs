using Directory.Model.Common;

namespace Directory.Model.Services;

/// <summary>
/// Which services to list. Every criterion given must hold; within a list criterion, any value matches.
/// Without <see cref="Statuses"/>, inactive services are left out.
/// </summary>
public sealed record ServiceFilter
{
    /// <summary>Category codes; a service matches when it has any of them.</summary>
    public IReadOnlyList<string>? CategoryCodes { get; init; }

    /// <summary>ISTAT code of a comune where the service has a location.</summary>
    public string? ComuneIstatCode { get; init; }

    /// <summary>ISTAT code of a province where the service has a location.</summary>
    public string? ProvinceIstatCode { get; init; }

    /// <summary>ISTAT code of a region where the service has a location.</summary>
    public string? RegionIstatCode { get; init; }

    /// <summary>
    /// A comune the service serves: one where it has a location, or one its declared service areas cover (the comune
    /// itself, its province or its region), wherever its desks are.
    /// </summary>
    public ServedComune? ServesComune { get; init; }

    /// <summary>Languages; a service matches when its staff speak any of them.</summary>
    public IReadOnlyList<string>? Languages { get; init; }

    /// <summary>Statuses to include; default all but inactive.</summary>
    public IReadOnlyList<ServiceStatus>? Statuses { get; init; }

    /// <summary>Only services of this organization.</summary>
    public int? OrganizationId { get; init; }

    /// <summary>Target groups; a service matches when it is meant for any of them.</summary>
    public IReadOnlyList<TargetGroup>? TargetGroups { get; init; }

    /// <summary>Only free services (true) or only paid ones (false).</summary>
    public bool? IsFree { get; init; }

    /// <summary>Include records a feed has withdrawn (left out by default).</summary>
    public bool IncludeWithdrawn { get; init; }

    /// <summary>Only services open at this Italian local time at one of their places (see <see cref="Schedules.OpeningHours"/>).</summary>
    public DateTime? OpenAtLocal { get; init; }

    public IQueryable<Service> Apply(IQueryable<Service> services)
    {
        if (!IncludeWithdrawn)
        {
            services = services.Where(s => s.WithdrawnAt == null);
        }

        var statuses = Statuses ?? [ServiceStatus.Active, ServiceStatus.TemporarilyClosed];
        services = services.Where(s => statuses.Contains(s.Status));
        if (CategoryCodes is { Count: > 0 } codes)
        {
            services = services.Where(s => s.Categories.Any(c => codes.Contains(c.Category!.Code)));
        }

        if (ComuneIstatCode is { } comune)
        {
            services = services.Where(s => s.ServiceAtLocations.Any(l => l.Location!.ComuneIstatCode == comune));
        }

        if (ProvinceIstatCode is { } province)
        {
            services = services.Where(s => s.ServiceAtLocations.Any(l => l.Location!.Comune!.ProvinceIstatCode == province));
        }

        if (RegionIstatCode is { } region)
        {
            services = services.Where(s => s.ServiceAtLocations.Any(l => l.Location!.Comune!.Province!.RegionIstatCode == region));
        }

        if (ServesComune is { } served)
        {
            services = services.Where(s =>
                s.ServiceAtLocations.Any(l => l.Location!.ComuneIstatCode == served.ComuneIstatCode)
                || s.Areas.Any(a => a.AreaCode == served.ComuneIstatCode || a.AreaCode == served.ProvinceIstatCode || a.AreaCode == served.RegionIstatCode));
        }

        if (Languages is { Count: > 0 } languages)
        {
            services = services.Where(s => s.Languages.Any(l => languages.Contains(l)));
        }

        if (OrganizationId is { } organization)
        {
            services = services.Where(s => s.OrganizationId == organization);
        }

        if (TargetGroups is { Count: > 0 } groups)
        {
            services = services.Where(s => s.TargetGroups.Any(g => groups.Contains(g)));
        }

        if (IsFree is { } free)
        {
            services = services.Where(s => s.IsFree == free);
        }

        if (OpenAtLocal is { } local)
        {
            var isOpen = Schedules.OpenAtFilter.IsOpenAt(local);
            services = services.Where(x => x.ServiceAtLocations.AsQueryable().Any(isOpen));
        }

        return services;
    }
}

/// <summary>A comune with the province and region it belongs to, for matching service areas at every level.</summary>
public sealed record ServedComune(string ComuneIstatCode, string ProvinceIstatCode, string RegionIstatCode);

/// <summary>What a list is sorted by.</summary>
public enum RecordOrderField
{
    [System.ComponentModel.Description("By name (or title), then by id.")]
    Name,
    [System.ComponentModel.Description("By time of the last change, then by id.")]
    UpdatedAt,
}
