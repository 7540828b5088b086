using Directory.Model.Common;

namespace Directory.Model.Geography;

/// <summary>An Italian municipality, keyed by its six-digit ISTAT code.</summary>
public sealed class Comune : Record
{
    /// <summary>Six-digit ISTAT code (text, leading zeros kept), e.g. <c>048017</c> for Firenze.</summary>
    public string IstatCode { get; set; } = "";

    /// <summary>Official name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Name folded to lower case without accents, for searching.</summary>
    public string SearchName { get; set; } = "";

    /// <summary>ISTAT code of the province.</summary>
    public string ProvinceIstatCode { get; set; } = "";

    public Province? Province { get; set; }

    /// <summary>Cadastral (Belfiore) code, e.g. <c>D612</c>.</summary>
    public string CadastralCode { get; set; } = "";

    /// <summary>Postal codes (CAP) in use.</summary>
    public List<string> PostalCodes { get; set; } = [];

    /// <summary>Resident population at the census carried by the source.</summary>
    public int? Population { get; set; }

    /// <summary>Latitude of the centroid (WGS84), when known.</summary>
    public double? Latitude { get; set; }

    /// <summary>Longitude of the centroid (WGS84), when known.</summary>
    public double? Longitude { get; set; }

    /// <summary>Where the centroid comes from.</summary>
    public string? CoordinateSource { get; set; }
}
