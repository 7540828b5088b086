using System.Linq.Expressions;
using Directory.Model.Locations;

namespace Directory.Model.Schedules;

/// <summary>
/// The SQL side of <see cref="OpeningHours"/>: which service-at-location records are open at a local time, as a
/// query the database runs, so lists stay correctly paged and counted. The holiday check is done here in C#
/// for the two days concerned and passed in as constants.
/// </summary>
public static class OpenAtFilter
{
    /// <summary>A predicate the database evaluates: the place is open at <paramref name="local"/> (Italian local time).</summary>
    public static Expression<Func<ServiceAtLocation, bool>> IsOpenAt(DateTime local)
    {
        var today = DateOnly.FromDateTime(local);
        var yesterday = today.AddDays(-1);
        var time = TimeOnly.FromDateTime(local);
        var todayHoliday = ItalianHolidays.IsHoliday(today);
        var yesterdayHoliday = ItalianHolidays.IsHoliday(yesterday);
        var todayWeekday = today.DayOfWeek;
        var yesterdayWeekday = yesterday.DayOfWeek;

        return p =>
            // Today's intervals: special hours when the day has any, else weekly hours unless a holiday.
            (p.SpecialHours.Any(s => s.Date == today)
                ? !p.SpecialHours.Any(s => s.Date == today && s.Closed)
                    && p.SpecialHours.Any(s => s.Date == today && s.Opens != null && s.Closes != null
                        && s.Opens <= time && (s.Closes > s.Opens ? time < s.Closes : true))
                : !todayHoliday
                    && p.Schedules.Any(s => s.DayOfWeek == todayWeekday
                        && (s.ValidFrom == null || s.ValidFrom <= today) && (s.ValidTo == null || today <= s.ValidTo)
                        && s.Opens <= time && (s.Closes > s.Opens ? time < s.Closes : true)))
            // Yesterday's intervals that run past midnight into today.
            || (p.SpecialHours.Any(s => s.Date == yesterday)
                ? !p.SpecialHours.Any(s => s.Date == yesterday && s.Closed)
                    && p.SpecialHours.Any(s => s.Date == yesterday && s.Opens != null && s.Closes != null
                        && s.Closes <= s.Opens && time < s.Closes)
                : !yesterdayHoliday
                    && p.Schedules.Any(s => s.DayOfWeek == yesterdayWeekday
                        && (s.ValidFrom == null || s.ValidFrom <= yesterday) && (s.ValidTo == null || yesterday <= s.ValidTo)
                        && s.Closes <= s.Opens && time < s.Closes));
    }
}
