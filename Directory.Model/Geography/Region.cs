using Directory.Model.Common;

namespace Directory.Model.Geography;

/// <summary>An Italian region (regione), keyed by its two-digit ISTAT code.</summary>
public sealed class Region : Record
{
    /// <summary>Two-digit ISTAT code, e.g. <c>09</c> for Toscana.</summary>
    public string IstatCode { get; set; } = "";

    /// <summary>Official name.</summary>
    public string Name { get; set; } = "";

    public List<Province> Provinces { get; set; } = [];
}
