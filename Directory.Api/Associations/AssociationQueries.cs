using Directory.Api.Geo;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Search;
using Directory.Model.Associations;
using Directory.Model.Common;
using GraphQL;
using GraphQL.Types;

namespace Directory.Api.Associations;

public sealed class AssociationFilterInputGraphType : InputObjectGraphType
{
    public AssociationFilterInputGraphType()
    {
        Name = "AssociationFilter";
        Description = "Which associations to list. Every criterion given must hold; within a list, any value matches.";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("communities").Description("ISO 3166-1 alpha-2 country codes of communities served.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("languages").Description("BCP 47 tags of languages spoken.");
        Field<ListGraphType<NonNullGraphType<ActivityKindGraphType>>>("activityKinds").Description("Kinds of activity.");
        Field<StringGraphType>("comune").Description("Six-digit ISTAT code: associations based in or working in this comune (or its whole province).");
        Field<StringGraphType>("province").Description("Associations based in or working in this province: ISTAT code (\"048\") or abbreviation (\"FI\").");
        Field<BooleanGraphType>("isMultiCommunity").Description("Only multi-community associations (true) or single-community ones (false).");
        Field<BooleanGraphType>("includeWithdrawn").Description("Include associations that their source feed has withdrawn (see `withdrawnAt`); left out by default.");
    }
}

public static class AssociationQueries
{
    public static void AddAssociationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<AssociationGraphType, Association>>, Connection<Association>>("associations")
            .Description("Migrant community and volunteer associations, in pages.")
            .Argument<AssociationFilterInputGraphType>("filter", "Which associations to list.")
            .GeoSearchArguments("associations", "An association counts at its headquarters, when they have coordinates.")
            .SearchArgument("associations", "their names and descriptions", takesNear: true)
            .RankByArgument()
            .OrderByArgument()
            .LangArgument()
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                LanguageArgument.Validate(c);
                var input = FilterInput.From(c);
                var communities = input.List<string>("communities");
                if (communities?.FirstOrDefault(x => x.Length != 2 || !x.All(char.IsAsciiLetter)) is { } bad)
                {
                    throw DirectoryError.BadInput("filter.communities", $"'filter.communities' must hold ISO 3166-1 alpha-2 codes such as \"MA\"; got \"{bad}\".");
                }

                var order = c.GetOrder();
                return await c.Loaders().QueryAsync(async db =>
                {
                    var geo = await GeoArguments.ReadAsync(c, db);
                    var filter = new AssociationFilter
                    {
                        Communities = communities?.Select(x => x.ToUpperInvariant()).ToList(),
                        Languages = input.Languages("languages"),
                        ActivityKinds = input.List<ActivityKind>("activityKinds"),
                        ComuneIstatCode = await GeographyArguments.ComuneAsync(db, input.Text("comune"), "filter.comune", c.CancellationToken),
                        ProvinceIstatCode = await GeographyArguments.ProvinceAsync(db, input.Text("province"), "filter.province", c.CancellationToken),
                        IsMultiCommunity = input.Bool("isMultiCommunity"),
                        IncludeWithdrawn = input.Bool("includeWithdrawn") ?? false,
                    };
                    var searched = await filter.Apply(db.Associations).SearchAsync(c, db);
                    return await searched.ToSearchConnectionAsync(
                        c, geo, q => q.OrderBy(order.Field, order.Direction, a => a.Name), (search, q) => search.AssociationsAsync(db, q, geo!, c.CancellationToken), page);
                }, c.CancellationToken);
            });

        query.AddByIdField<AssociationGraphType, Association>("association", "Association", "association", (c, id) => c.LoadAssociation(id));
    }
}
