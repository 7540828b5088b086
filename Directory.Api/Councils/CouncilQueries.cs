using Directory.Api.Geo;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Search;
using Directory.Model.Common;
using Directory.Model.Councils;
using GraphQL;
using GraphQL.Types;

namespace Directory.Api.Councils;

public sealed class CouncilFilterInputGraphType : InputObjectGraphType
{
    public CouncilFilterInputGraphType()
    {
        Name = "CouncilFilter";
        Description = "Which representative councils to list. Every criterion given must hold.";
        Field<StringGraphType>("comune").Description("Six-digit ISTAT code of the comune the council belongs to.");
        Field<StringGraphType>("province").Description("Councils of this province and of its comuni: ISTAT code (\"048\") or abbreviation (\"FI\").");
        Field<ListGraphType<NonNullGraphType<CouncilStatusGraphType>>>("status").Description("Statuses to include.");
        Field<ListGraphType<NonNullGraphType<CouncilKindGraphType>>>("kinds").Description("Kinds to include.");
    }
}

public static class CouncilQueries
{
    public static void AddCouncilQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<CouncilGraphType, RepresentativeCouncil>>, Connection<RepresentativeCouncil>>("councils")
            .Description("Representative councils of foreign residents (Consigli and Consulte degli stranieri, consiglieri aggiunti), in pages.")
            .Argument<CouncilFilterInputGraphType>("filter", "Which councils to list.")
            .GeoSearchArguments("councils", "A council counts at its meeting place, or at its comune's centroid when the place has no coordinates.")
            .SearchArgument("councils", "their names and descriptions", takesNear: true)
            .RankByArgument()
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
                    var filter = new CouncilFilter(
                        await GeographyArguments.ComuneAsync(db, input.Text("comune"), "filter.comune", c.CancellationToken),
                        await GeographyArguments.ProvinceAsync(db, input.Text("province"), "filter.province", c.CancellationToken),
                        input.List<CouncilStatus>("status"),
                        input.List<CouncilKind>("kinds"));
                    var searched = await filter.Apply(db.Councils, db.Comuni).SearchAsync(c, db);
                    return await searched.ToSearchConnectionAsync(
                        c, geo, q => q.OrderBy(order.Field, order.Direction, x => x.Name), (search, q) => search.CouncilsAsync(db, q, geo!, c.CancellationToken), page);
                }, c.CancellationToken);
            });

        query.AddByIdField<CouncilGraphType, RepresentativeCouncil>("council", "RepresentativeCouncil", "representative council", (c, id) => c.LoadCouncil(id));
    }
}
