namespace Directory.Model.Geography;

/// <summary>ISTAT territorial codes: 2 digits for a region, 3 for a province, 6 for a comune.</summary>
public static class IstatCode
{
    public static bool IsRegion(string? code) => IsDigits(code, 2);

    public static bool IsProvince(string? code) => IsDigits(code, 3);

    public static bool IsComune(string? code) => IsDigits(code, 6);

    /// <summary>Whether the code names any territory level.</summary>
    public static bool IsArea(string? code) => IsRegion(code) || IsProvince(code) || IsComune(code);

    private static bool IsDigits(string? code, int length) => code is not null && code.Length == length && code.All(char.IsAsciiDigit);
}
