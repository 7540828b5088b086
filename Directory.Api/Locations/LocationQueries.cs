using Directory.Api.Geo;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Model.Common;
using Directory.Model.Locations;
using GraphQL.Types;

namespace Directory.Api.Locations;

public sealed class LocationFilterInputGraphType : InputObjectGraphType
{
    public LocationFilterInputGraphType()
    {
        Name = "LocationFilter";
        Description = "Which places to list. Every criterion given must hold.";
        Field<BooleanGraphType>("includeWithdrawn").Description("Include places that their source feed has withdrawn (see `withdrawnAt`); left out by default.");
        Field<StringGraphType>("comune").Description("Six-digit ISTAT code of the comune the place is in.");
        Field<StringGraphType>("province").Description("The province the place is in: ISTAT code (\"048\") or abbreviation (\"FI\").");
        Field<StringGraphType>("region").Description("Two-digit ISTAT code of the region the place is in, e.g. \"09\".");
        Field<IdGraphType>("organization").Description("Only places run by this organization (its global ID).");
    }
}

public static class LocationQueries
{
    public static void AddLocationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<LocationGraphType, Location>>, Connection<Location>>("locations")
            .Description("Places where services are delivered, in pages; with `near`, the places nearest a point first.")
            .Argument<LocationFilterInputGraphType>("filter", "Which places to list.")
            .GeoSearchArguments("places", "Places without coordinates are never found by `near` or `within`.")
            .OrderByArgument()
            .LangArgument()
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                LanguageArgument.Validate(c);
                var input = FilterInput.From(c);
                var order = c.GetOrder();
                return await c.Loaders().QueryAsync(async db =>
                {
                    var geo = await GeoArguments.ReadAsync(c, db);
                    var filter = new LocationFilter
                    {
                        ComuneIstatCode = await GeographyArguments.ComuneAsync(db, input.Text("comune"), "filter.comune", c.CancellationToken),
                        ProvinceIstatCode = await GeographyArguments.ProvinceAsync(db, input.Text("province"), "filter.province", c.CancellationToken),
                        RegionIstatCode = await GeographyArguments.RegionAsync(db, input.Text("region"), "filter.region", c.CancellationToken),
                        OrganizationId = input.Id("organization", "Organization"),
                        IncludeWithdrawn = input.Bool("includeWithdrawn") ?? false,
                    };
                    return await filter.Apply(db.Locations).ToGeoConnectionAsync(
                        db, c, geo, q => q.OrderBy(order.Field, order.Direction, l => l.Name), (search, q) => search.LocationsAsync(db, q, geo!, c.CancellationToken), page);
                }, c.CancellationToken);
            });
    }
}
