namespace Directory.Model.Schedules;

/// <summary>
/// Italian national public holidays (L. 260/1949 and later changes), including Easter Monday. Patron saints' days
/// differ by comune and are not included: offices record them as special hours.
/// </summary>
public static class ItalianHolidays
{
    private static readonly (int Month, int Day)[] Fixed =
    [
        (1, 1),   // Capodanno
        (1, 6),   // Epifania
        (4, 25),  // Festa della Liberazione
        (5, 1),   // Festa del Lavoro
        (6, 2),   // Festa della Repubblica
        (8, 15),  // Ferragosto
        (10, 4),  // San Francesco d'Assisi, a national holiday again from 2026
        (11, 1),  // Ognissanti
        (12, 8),  // Immacolata Concezione
        (12, 25), // Natale
        (12, 26), // Santo Stefano
    ];

    public static bool IsHoliday(DateOnly date)
    {
        foreach (var (month, day) in Fixed)
        {
            if (date.Month == month && date.Day == day && (month != 10 || date.Year >= 2026))
            {
                return true;
            }
        }

        var easter = EasterSunday(date.Year);
        return date == easter || date == easter.AddDays(1);
    }

    /// <summary>Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
