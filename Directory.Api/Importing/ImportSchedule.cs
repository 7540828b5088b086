using System.Globalization;
using System.Text.RegularExpressions;

namespace Directory.Api.Importing;

/// <summary>
/// The <c>schedule</c> of a source: an ISO 8601 duration between runs, in weeks (<c>P1W</c>), days (<c>P1D</c>)
/// or hours, minutes and seconds (<c>PT6H</c>, <c>P1DT12H</c>), at least <see cref="Minimum"/>. Months and years
/// are refused (their length varies). A source is due when its last run started that long ago, or never ran.
/// </summary>
public static partial class ImportSchedule
{
    /// <summary>Shortest interval allowed: partners' servers deserve some rest.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(5);

    /// <summary>The interval, or an error message saying what is wrong.</summary>
    public static bool TryParse(string? text, out TimeSpan interval, out string error)
    {
        interval = TimeSpan.Zero;
        error = "";
        var match = text is null ? null : Duration().Match(text.Trim());
        if (match is null || !match.Success || match.Length == 1 || text!.Trim().EndsWith('T'))
        {
            error = $"schedule '{text}' is not an ISO 8601 duration such as P1D, P1W or PT6H";
            return false;
        }

        try
        {
            checked
            {
                interval = TimeSpan.FromDays((7 * Part(match, "w")) + Part(match, "d"))
                    + TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
            }
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            error = $"schedule '{text}' is too long";
            return false;
        }

        if (interval < Minimum)
        {
            error = $"schedule '{text}' is shorter than the minimum of {Minimum.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes";
            return false;
        }

        return true;
    }

    private static long Part(Match match, string name) =>
        match.Groups[name].Success ? long.Parse(match.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^P(?:(?<w>\d{1,6})W|(?:(?<d>\d{1,6})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<m>\d{1,6})M)?(?:(?<s>\d{1,9})S)?)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
