using Directory.Model.Common;

namespace Directory.Model.Geography;

/// <summary>A province, metropolitan city or equivalent body, keyed by its three-digit ISTAT code.</summary>
public sealed class Province : Record
{
    /// <summary>Three-digit ISTAT code, e.g. <c>048</c> for Firenze.</summary>
    public string IstatCode { get; set; } = "";

    /// <summary>Official name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Vehicle-plate abbreviation, e.g. <c>FI</c>.</summary>
    public string Abbreviation { get; set; } = "";

    /// <summary>ISTAT code of the region.</summary>
    public string RegionIstatCode { get; set; } = "";

    public Region? Region { get; set; }

    public List<Comune> Comuni { get; set; } = [];
}
