using Directory.Model.Locations;
using Directory.Model.Schedules;

namespace Directory.Tests.Schedules;

public sealed class OpeningHoursTests
{
    private static Schedule Weekly(DayOfWeek day, int opens, int closes, DateOnly? from = null, DateOnly? to = null) =>
        new() { DayOfWeek = day, Opens = new TimeOnly(opens, 0), Closes = new TimeOnly(closes, 0), ValidFrom = from, ValidTo = to };

    private static readonly Schedule[] OfficeHours =
    [
        Weekly(DayOfWeek.Monday, 9, 13),
        Weekly(DayOfWeek.Tuesday, 9, 13),
        Weekly(DayOfWeek.Thursday, 14, 17),
    ];

    [Theory]
    [InlineData(2026, 4, 5)]   // Easter Sunday 2026
    [InlineData(2026, 4, 6)]   // Easter Monday 2026
    [InlineData(2027, 3, 29)]  // Easter Monday 2027
    [InlineData(2026, 12, 8)]
    [InlineData(2026, 6, 2)]
    public void National_holidays_include_easter_monday(int year, int month, int day) =>
        Assert.True(ItalianHolidays.IsHoliday(new DateOnly(year, month, day)));

    [Fact]
    public void An_ordinary_monday_is_not_a_holiday() => Assert.False(ItalianHolidays.IsHoliday(new DateOnly(2026, 4, 13)));

    [Fact]
    public void Weekly_hours_decide_on_an_ordinary_day()
    {
        var monday = new DateTime(2026, 11, 23, 10, 30, 0);
        Assert.True(OpeningHours.IsOpen(monday, OfficeHours, []));
        Assert.False(OpeningHours.IsOpen(monday.AddHours(3), OfficeHours, []));   // 13:30
        Assert.False(OpeningHours.IsOpen(monday.AddDays(2), OfficeHours, []));    // Wednesday
    }

    [Fact]
    public void Closing_time_is_exclusive_and_opening_time_inclusive()
    {
        Assert.True(OpeningHours.IsOpen(new DateTime(2026, 11, 23, 9, 0, 0), OfficeHours, []));
        Assert.False(OpeningHours.IsOpen(new DateTime(2026, 11, 23, 13, 0, 0), OfficeHours, []));
    }

    [Fact]
    public void Hours_across_midnight_stay_open_into_the_next_day()
    {
        Schedule[] night = [Weekly(DayOfWeek.Friday, 22, 2)];
        Assert.True(OpeningHours.IsOpen(new DateTime(2026, 11, 27, 23, 30, 0), night, []));  // Friday night
        Assert.True(OpeningHours.IsOpen(new DateTime(2026, 11, 28, 1, 30, 0), night, []));   // Saturday small hours
        Assert.False(OpeningHours.IsOpen(new DateTime(2026, 11, 28, 2, 0, 0), night, []));
        Assert.False(OpeningHours.IsOpen(new DateTime(2026, 11, 27, 1, 30, 0), night, []));  // Friday small hours: Thursday has no hours
    }

    [Fact]
    public void A_holiday_is_closed_even_with_weekly_hours()
    {
        var easterMonday = new DateTime(2026, 4, 6, 10, 0, 0);
        Assert.False(OpeningHours.IsOpen(easterMonday, OfficeHours, []));
        Assert.Equal(new DateTime(2026, 4, 7, 9, 0, 0), OpeningHours.NextOpening(easterMonday, OfficeHours, []));
    }

    [Fact]
    public void A_closed_exception_day_closes_and_special_hours_replace_weekly_hours()
    {
        var monday = new DateOnly(2026, 11, 23);
        SpecialHours[] closed = [new() { Date = monday, Closed = true, Reason = "Assemblea del personale" }];
        Assert.False(OpeningHours.IsOpen(monday.ToDateTime(new TimeOnly(10, 0)), OfficeHours, closed));

        SpecialHours[] afternoonOnly = [new() { Date = monday, Opens = new TimeOnly(15, 0), Closes = new TimeOnly(18, 0) }];
        Assert.False(OpeningHours.IsOpen(monday.ToDateTime(new TimeOnly(10, 0)), OfficeHours, afternoonOnly));
        Assert.True(OpeningHours.IsOpen(monday.ToDateTime(new TimeOnly(16, 0)), OfficeHours, afternoonOnly));
    }

    [Fact]
    public void Special_hours_open_a_holiday()
    {
        var immacolata = new DateOnly(2026, 12, 8);
        SpecialHours[] open = [new() { Date = immacolata, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(12, 0) }];
        Assert.True(OpeningHours.IsOpen(immacolata.ToDateTime(new TimeOnly(10, 0)), OfficeHours, open));
    }

    [Fact]
    public void Weekly_hours_apply_only_within_their_validity()
    {
        Schedule[] summer = [Weekly(DayOfWeek.Monday, 9, 13, from: new DateOnly(2026, 6, 1), to: new DateOnly(2026, 8, 31))];
        Assert.True(OpeningHours.IsOpen(new DateTime(2026, 6, 8, 10, 0, 0), summer, []));
        Assert.False(OpeningHours.IsOpen(new DateTime(2026, 11, 23, 10, 0, 0), summer, []));
    }

    [Fact]
    public void Next_opening_skips_closed_days_and_carries_the_summer_or_winter_offset()
    {
        var wednesday = new DateTime(2026, 11, 25, 10, 0, 0);
        var next = OpeningHours.NextOpening(wednesday, OfficeHours, []);
        Assert.Equal(new DateTime(2026, 11, 26, 14, 0, 0), next);
        Assert.Equal(TimeSpan.FromHours(1), OpeningHours.InRome(next!.Value).Offset);
        Assert.Equal(TimeSpan.FromHours(2), OpeningHours.InRome(new DateTime(2026, 7, 6, 9, 0, 0)).Offset);
    }

    [Fact]
    public void No_hours_means_no_next_opening() => Assert.Null(OpeningHours.NextOpening(new DateTime(2026, 11, 25, 10, 0, 0), [], []));
}
