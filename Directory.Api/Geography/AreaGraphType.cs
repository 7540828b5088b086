using Directory.Api.GraphQL.Loaders;
using Directory.Model.Geography;
using GraphQL.Types;

namespace Directory.Api.Geography;

/// <summary>A territory by ISTAT code, at whatever level the code names.</summary>
public sealed record Area(string IstatCode);

/// <summary>Territory levels of an ISTAT code.</summary>
public enum AreaLevel
{
    [System.ComponentModel.Description("A region (two-digit code).")]
    Region,
    [System.ComponentModel.Description("A province (three-digit code).")]
    Province,
    [System.ComponentModel.Description("A comune (six-digit code).")]
    Comune,
}

public sealed class AreaLevelGraphType : EnumerationGraphType<AreaLevel>
{
    public AreaLevelGraphType()
    {
        Name = "AreaLevel";
        Description = "Level of a territory.";
    }
}

public sealed class AreaGraphType : ObjectGraphType<Area>
{
    public AreaGraphType()
    {
        Name = "Area";
        Description = "A territory served or covered: a whole region, a province or a comune.";
        Field<NonNullGraphType<AreaLevelGraphType>, AreaLevel>("level").Description("Whether the area is a region, a province or a comune.")
            .Resolve(c => c.Source.IstatCode.Length switch { 2 => AreaLevel.Region, 3 => AreaLevel.Province, _ => AreaLevel.Comune });
        Field(a => a.IstatCode).Description("ISTAT code of the area (2, 3 or 6 digits).");
        Field<RegionGraphType, Region>("region").Description("The region, when the area is a region.")
            .ResolveLoader(c => IstatCode.IsRegion(c.Source.IstatCode) ? c.LoadRegion(c.Source.IstatCode) : null);
        Field<ProvinceGraphType, Province>("province").Description("The province, when the area is a province.")
            .ResolveLoader(c => IstatCode.IsProvince(c.Source.IstatCode) ? c.LoadProvince(c.Source.IstatCode) : null);
        Field<ComuneGraphType, Comune>("comune").Description("The comune, when the area is a comune.")
            .ResolveLoader(c => IstatCode.IsComune(c.Source.IstatCode) ? c.LoadComune(c.Source.IstatCode) : null);
    }
}
