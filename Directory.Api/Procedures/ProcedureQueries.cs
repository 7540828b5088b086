using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Search;
using Directory.Model.Common;
using Directory.Model.Procedures;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Procedures;

public sealed class ProcedureFilterInputGraphType : InputObjectGraphType
{
    public ProcedureFilterInputGraphType()
    {
        Name = "ProcedureFilter";
        Description = "Which procedure guides to list. Every criterion given must hold.";
        Field<ListGraphType<NonNullGraphType<ProcedureStatusGraphType>>>("status")
            .Description("Statuses to include; `PUBLISHED` when omitted. Drafts and guides in review are for editors only.");
        Field<ListGraphType<NonNullGraphType<TargetGroupGraphType>>>("targetGroups").Description("Guides concerning any of these groups.");
        Field<IdGraphType>("service").Description("Only guides handled by this service (its global ID).");
    }
}

public static class ProcedureQueries
{
    public static void AddProcedureQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<ProcedureGraphType, Procedure>>, Connection<Procedure>>("procedures")
            .Description("Procedure guides (family reunification, work permits, permit conversion...), in pages.")
            .Argument<ProcedureFilterInputGraphType>("filter", "Which guides to list.")
            .SearchArgument("guides", "their titles, summaries and step titles")
            .OrderByArgument()
            .LangArgument()
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                LanguageArgument.Validate(c);
                var input = FilterInput.From(c);
                var statuses = input.List<ProcedureStatus>("status") ?? [ProcedureStatus.Published];
                if (statuses.Any(s => s is ProcedureStatus.Draft or ProcedureStatus.InReview))
                {
                    throw new DirectoryError(ErrorCodes.Forbidden, "Draft guides and guides in review are visible to editors only.", "filter.status");
                }

                var filter = new ProcedureFilter(statuses, input.List<TargetGroup>("targetGroups"), input.Id("service", "Service"));
                var order = c.GetOrder();
                return await c.Loaders().QueryAsync(
                    async db =>
                    {
                        var searched = await filter.Apply(db.Procedures, db.ProcedureServices).SearchAsync(c, db);
                        return await searched.ToSearchConnectionAsync(c, null, q => q.OrderBy(order.Field, order.Direction, p => p.Title), null, page);
                    },
                    c.CancellationToken);
            });

        query.Field<ProcedureGraphType, Procedure>("procedure")
            .Description("One published (or archived) procedure guide, by global ID or by slug: give exactly one.")
            .Argument<IdGraphType>("id", "The guide's global ID.")
            .Argument<StringGraphType>("slug", "The guide's slug, e.g. \"ricongiungimento-familiare\".")
            .LangArgument()
            .ResolveAsync(async c =>
            {
                LanguageArgument.Validate(c);
                var id = c.GetArgument<string?>("id");
                var slug = c.GetArgument<string?>("slug");
                if ((id is null) == (slug is null))
                {
                    throw DirectoryError.BadInput(id is null ? "id" : "slug", "Give exactly one of 'id' and 'slug'.");
                }

                if (id is not null)
                {
                    var key = GlobalId.DecodeInt(id, "Procedure", "id");
                    return await c.LoadProcedure(key).GetResultAsync(c.CancellationToken)
                        ?? throw DirectoryError.NotFound("id", "No published procedure has this ID.");
                }

                return await c.Loaders().QueryAsync(
                        db => ProcedureLoaders.Visible(db.Procedures).FirstOrDefaultAsync(p => p.Slug == slug, c.CancellationToken),
                        c.CancellationToken)
                    ?? throw DirectoryError.NotFound("slug", $"No published procedure has slug \"{slug}\".");
            });
    }
}
