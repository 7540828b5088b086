using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Paging;
using Directory.Model.Geography;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Geography;

/// <summary>Root fields for Italian geography.</summary>
public static class GeographyQueries
{
    public static void AddGeographyQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<ComuneGraphType, Comune>>, Connection<Comune>>("comuni")
            .Description("Italian comuni. With `search`, exact name matches come first, then names starting with it, then names containing it; accents and case are ignored.")
            .Argument<StringGraphType>("search", "Part of the name, e.g. \"massa\" or \"citta\".")
            .Argument<StringGraphType>("province", "Only comuni of this province: three-digit ISTAT code (\"045\") or abbreviation (\"MS\").")
            .Argument<StringGraphType>("region", "Only comuni of this region: two-digit ISTAT code (\"09\").")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                var search = c.GetArgument<string?>("search");
                if (search is { Length: > 100 })
                {
                    throw DirectoryError.BadInput("search", "'search' must be at most 100 characters.");
                }

                return await c.Loaders().QueryAsync(async db =>
                {
                    var filter = new ComuneFilter(
                        search,
                        await GeographyArguments.ProvinceAsync(db, c.GetArgument<string?>("province"), "province", c.CancellationToken),
                        await GeographyArguments.RegionAsync(db, c.GetArgument<string?>("region"), "region", c.CancellationToken));
                    return await filter.Apply(db.Comuni).ToConnectionAsync(page, c.CancellationToken);
                }, c.CancellationToken);
            });

        query.Field<ComuneGraphType, Comune>("comune")
            .Description("One comune by its ISTAT code.")
            .Argument<NonNullGraphType<StringGraphType>>("istatCode", "Six-digit ISTAT code, e.g. \"048017\".")
            .ResolveAsync(async c =>
            {
                var code = c.GetArgument<string>("istatCode");
                if (!IstatCode.IsComune(code))
                {
                    throw DirectoryError.BadInput("istatCode", $"'istatCode' must be six digits (e.g. \"048017\"); got \"{code}\".");
                }

                return await c.LoadComune(code).GetResultAsync(c.CancellationToken)
                    ?? throw DirectoryError.NotFound("istatCode", $"No comune has ISTAT code \"{code}\".");
            });

        query.Field<NonNullGraphType<ConnectionGraphType<ProvinceGraphType, Province>>, Connection<Province>>("provinces")
            .Description("Italian provinces, metropolitan cities and equivalent bodies, by name.")
            .Argument<StringGraphType>("region", "Only provinces of this region: two-digit ISTAT code (\"09\").")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                return await c.Loaders().QueryAsync(async db =>
                {
                    var region = await GeographyArguments.RegionAsync(db, c.GetArgument<string?>("region"), "region", c.CancellationToken);
                    var provinces = region is null ? db.Provinces : db.Provinces.Where(p => p.RegionIstatCode == region);
                    return await provinces.OrderBy(p => p.Name).ThenBy(p => p.IstatCode).ToConnectionAsync(page, c.CancellationToken);
                }, c.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<RegionGraphType, Region>>, Connection<Region>>("regions")
            .Description("Italian regions, by name.")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                return await c.Loaders().QueryAsync(
                    db => db.Regions.OrderBy(r => r.Name).ThenBy(r => r.IstatCode).ToConnectionAsync(page, c.CancellationToken),
                    c.CancellationToken);
            });
    }
}
