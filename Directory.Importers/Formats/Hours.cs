using System.Globalization;

namespace Directory.Importers.Formats;

/// <summary>
/// Day codes (RFC 5545: MO TU WE TH FR SA SU, as HSDS uses them) and the compact weekly-hours syntax of mapping
/// files: <c>MO-FR 09:00-12:00; TU,TH 15:00-17:30</c>.
/// </summary>
public static class Hours
{
    private static readonly string[] Codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    public static DayOfWeek? Day(string code)
    {
        var index = System.Array.IndexOf(Codes, code.Trim().ToUpperInvariant());
        return index < 0 ? null : (DayOfWeek)index;
    }

    /// <summary>Parses the compact syntax; returns the intervals, or an error naming the part at fault.</summary>
    public static (List<(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)> Intervals, string? Error) Parse(string text)
    {
        var result = new List<(DayOfWeek, TimeOnly, TimeOnly)>();
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (pieces.Length != 2)
            {
                return ([], $"'{part}' is not 'DAYS HH:mm-HH:mm'");
            }

            var times = pieces[1].Split('-');
            if (times.Length != 2
                || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
                || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes))
            {
                return ([], $"'{pieces[1]}' is not 'HH:mm-HH:mm'");
            }

            foreach (var days in pieces[0].Split(','))
            {
                var range = days.Split('-');
                if (range.Length > 2 || Day(range[0]) is not { } from || Day(range[^1]) is not { } to)
                {
                    return ([], $"'{days}' is not a day or a range of days (MO, TU, WE, TH, FR, SA, SU)");
                }

                for (var d = (int)from; ; d = (d + 1) % 7)
                {
                    result.Add(((DayOfWeek)d, opens, closes));
                    if (d == (int)to)
                    {
                        break;
                    }
                }
            }
        }

        return (result, null);
    }
}
