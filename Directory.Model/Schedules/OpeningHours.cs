using Directory.Model.Locations;

namespace Directory.Model.Schedules;

/// <summary>
/// When a place is open, from its weekly hours and its special days, in Italian local time (Europe/Rome).
/// Rules: a day with special hours follows them only (a closed entry closes the whole day); otherwise a national
/// holiday is closed; otherwise the weekly hours valid that day apply. An interval whose closing time is not after
/// its opening time runs past midnight into the next day.
/// </summary>
public static class OpeningHours
{
    /// <summary>Italian local time.</summary>
    public static TimeZoneInfo Rome { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    /// <summary>The opening intervals that start on a day (local times; the end may fall on the next day).</summary>
    public static IEnumerable<(DateTime Start, DateTime End)> IntervalsStarting(
        DateOnly day, IEnumerable<Schedule> weekly, IEnumerable<SpecialHours> special)
    {
        var specials = special.Where(s => s.Date == day).ToList();
        if (specials.Count > 0)
        {
            if (specials.Any(s => s.Closed))
            {
                yield break;
            }

            foreach (var s in specials.Where(s => s.Opens is not null && s.Closes is not null))
            {
                yield return Interval(day, s.Opens!.Value, s.Closes!.Value);
            }

            yield break;
        }

        if (ItalianHolidays.IsHoliday(day))
        {
            yield break;
        }

        foreach (var s in weekly)
        {
            if (s.DayOfWeek == day.DayOfWeek && (s.ValidFrom is null || s.ValidFrom <= day) && (s.ValidTo is null || day <= s.ValidTo))
            {
                yield return Interval(day, s.Opens, s.Closes);
            }
        }
    }

    /// <summary>Whether the place is open at a local time.</summary>
    public static bool IsOpen(DateTime local, IReadOnlyCollection<Schedule> weekly, IReadOnlyCollection<SpecialHours> special)
    {
        var today = DateOnly.FromDateTime(local);
        return IntervalsStarting(today, weekly, special).Concat(IntervalsStarting(today.AddDays(-1), weekly, special))
            .Any(i => i.Start <= local && local < i.End);
    }

    /// <summary>The start of the next opening after a local time, looking ahead at most <paramref name="days"/> days.</summary>
    public static DateTime? NextOpening(DateTime local, IReadOnlyCollection<Schedule> weekly, IReadOnlyCollection<SpecialHours> special, int days = 31)
    {
        var today = DateOnly.FromDateTime(local);
        for (var offset = 0; offset <= days; offset++)
        {
            var next = IntervalsStarting(today.AddDays(offset), weekly, special)
                .Where(i => i.Start > local)
                .OrderBy(i => i.Start)
                .Select(i => (DateTime?)i.Start)
                .FirstOrDefault();
            if (next is not null)
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>A local time in Rome as an offset time (the offset says whether summer time applies).</summary>
    public static DateTimeOffset InRome(DateTime local) => new(local, Rome.GetUtcOffset(local));

    /// <summary>Now, in Rome local time.</summary>
    public static DateTime LocalNow(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Rome).DateTime;

    private static (DateTime Start, DateTime End) Interval(DateOnly day, TimeOnly opens, TimeOnly closes)
    {
        var start = day.ToDateTime(opens);
        var end = closes > opens ? day.ToDateTime(closes) : day.AddDays(1).ToDateTime(closes);
        return (start, end);
    }
}
