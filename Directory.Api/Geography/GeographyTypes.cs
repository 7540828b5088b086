using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Relay;
using Directory.Api.GraphQL.Loaders;
using Directory.Model.Geography;
using GraphQL.Types;

namespace Directory.Api.Geography;

public sealed class RegionGraphType : ObjectGraphType<Region>
{
    public RegionGraphType()
    {
        Name = "Region";
        Description = "An Italian region (regione).";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>, string>("id").Description("Global, opaque identifier of the region.").Resolve(c => GlobalId.Encode("Region", c.Source.IstatCode));
        Field(r => r.IstatCode).Description("Two-digit ISTAT code, e.g. `09` for Toscana.");
        Field(r => r.Name).Description("Official name.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceGraphType>>>, IEnumerable<Province>>("provinces")
            .Description("Its provinces and metropolitan cities, by name.")
            .ResolveLoader(c => c.LoadProvincesOfRegion(c.Source.IstatCode));
        this.AddRecordFields();
    }
}

public sealed class ProvinceGraphType : ObjectGraphType<Province>
{
    public ProvinceGraphType()
    {
        Name = "Province";
        Description = "A province, metropolitan city or equivalent body.";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>, string>("id").Description("Global, opaque identifier of the province.").Resolve(c => GlobalId.Encode("Province", c.Source.IstatCode));
        Field(p => p.IstatCode).Description("Three-digit ISTAT code, e.g. `048` for Firenze.");
        Field(p => p.Name).Description("Official name.");
        Field(p => p.Abbreviation).Description("Vehicle-plate abbreviation, e.g. `FI`.");
        Field<NonNullGraphType<RegionGraphType>, Region>("region").Description("The region it belongs to.")
            .ResolveLoader(c => c.LoadRegion(c.Source.RegionIstatCode));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComuneGraphType>>>, IEnumerable<Comune>>("comuni")
            .Description("Its comuni, by name.")
            .ResolveLoader(c => c.LoadComuniOfProvince(c.Source.IstatCode));
        this.AddRecordFields();
    }
}

public sealed class ComuneGraphType : ObjectGraphType<Comune>
{
    public ComuneGraphType()
    {
        Name = "Comune";
        Description = "An Italian municipality (comune). Contains ISTAT data (CC-BY) and GeoNames data (CC-BY 4.0).";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>, string>("id").Description("Global, opaque identifier of the comune.").Resolve(c => GlobalId.Encode("Comune", c.Source.IstatCode));
        Field(c => c.IstatCode).Description("Six-digit ISTAT code (text, leading zeros kept), e.g. `048017` for Firenze.");
        Field(c => c.Name).Description("Official name.");
        Field(c => c.CadastralCode).Description("Cadastral (Belfiore) code, e.g. `D612`; it appears in tax codes.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("postalCodes")
            .Description("Postal codes (CAP) in use.").Resolve(c => c.Source.PostalCodes);
        Field(c => c.Population, nullable: true).Description("Resident population at the census carried by the source.");
        Field(c => c.Latitude, nullable: true).Description("Latitude of the town centre (WGS84 degrees), when known.");
        Field(c => c.Longitude, nullable: true).Description("Longitude of the town centre (WGS84 degrees), when known.");
        Field<NonNullGraphType<ProvinceGraphType>, Province>("province").Description("The province it belongs to.")
            .ResolveLoader(c => c.LoadProvince(c.Source.ProvinceIstatCode));
        this.AddRecordFields();
    }
}
