using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Services;
using Directory.Api.Search;
using Directory.Model.Common;
using Directory.Model.Organizations;
using GraphQL;
using GraphQL.Types;

namespace Directory.Api.Organizations;

public sealed class OrganizationFilterInputGraphType : InputObjectGraphType
{
    public OrganizationFilterInputGraphType()
    {
        Name = "OrganizationFilter";
        Description = "Which organizations to list. Every criterion given must hold.";
        Field<BooleanGraphType>("includeWithdrawn").Description("Include organizations that their source feed has withdrawn (see `withdrawnAt`); left out by default.");
        Field<ListGraphType<NonNullGraphType<OrganizationKindGraphType>>>("kinds").Description("Organizations of any of these kinds.");
        Field<StringGraphType>("comune").Description("Six-digit ISTAT code of the comune of the seat.");
        Field<StringGraphType>("province").Description("Province of the seat: ISTAT code (\"048\") or abbreviation (\"FI\").");
    }
}

public static class OrganizationQueries
{
    public static void AddOrganizationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<OrganizationGraphType, Organization>>, Connection<Organization>>("organizations")
            .Description("Public and private bodies that run services, in pages.")
            .Argument<OrganizationFilterInputGraphType>("filter", "Which organizations to list.")
            .SearchArgument("organizations", "their names, alternate names and descriptions")
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
                    var filter = new OrganizationFilter(
                        input.List<OrganizationKind>("kinds"),
                        await GeographyArguments.ComuneAsync(db, input.Text("comune"), "filter.comune", c.CancellationToken),
                        await GeographyArguments.ProvinceAsync(db, input.Text("province"), "filter.province", c.CancellationToken),
                        input.Bool("includeWithdrawn") ?? false);
                    var searched = await filter.Apply(db.Organizations).SearchAsync(c, db);
                    return await searched.ToSearchConnectionAsync(c, null, q => q.OrderBy(order.Field, order.Direction, o => o.Name), null, page);
                }, c.CancellationToken);
            });

        query.AddByIdField<OrganizationGraphType, Organization>("organization", "Organization", "organization", (c, id) => c.LoadOrganization(id));
    }
}
