using Directory.Model.Common;
using Directory.Model.Services;

namespace Directory.Model.Locations;

/// <summary>A service delivered at one location, with its own opening hours (HSDS service_at_location).</summary>
public sealed class ServiceAtLocation : Entity
{
    public int ServiceId { get; set; }

    public Service? Service { get; set; }

    public int LocationId { get; set; }

    public Location? Location { get; set; }

    /// <summary>What is particular about the service here.</summary>
    public string? Description { get; set; }

    public List<Schedule> Schedules { get; set; } = [];

    public List<SpecialHours> SpecialHours { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];
}

/// <summary>Weekly opening hours: one opening interval on one day of the week.</summary>
public sealed class Schedule : Entity
{
    public int ServiceAtLocationId { get; set; }

    /// <summary>Day of the week.</summary>
    public DayOfWeek DayOfWeek { get; set; }

    /// <summary>Opening time, local time in Europe/Rome.</summary>
    public TimeOnly Opens { get; set; }

    /// <summary>Closing time, local time in Europe/Rome. Earlier than <see cref="Opens"/> means past midnight.</summary>
    public TimeOnly Closes { get; set; }

    /// <summary>First day these hours apply, when limited.</summary>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>Last day these hours apply, when limited.</summary>
    public DateOnly? ValidTo { get; set; }

    /// <summary>Note, e.g. "by appointment only".</summary>
    public string? Note { get; set; }
}

/// <summary>A day that departs from the weekly hours: closed, or open at special hours.</summary>
public sealed class SpecialHours : Entity
{
    public int ServiceAtLocationId { get; set; }

    /// <summary>The day.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Whether the place is closed all day.</summary>
    public bool Closed { get; set; }

    /// <summary>Special opening time, when open.</summary>
    public TimeOnly? Opens { get; set; }

    /// <summary>Special closing time, when open.</summary>
    public TimeOnly? Closes { get; set; }

    /// <summary>Why, e.g. "Festa del patrono".</summary>
    public string? Reason { get; set; }
}
