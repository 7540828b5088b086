using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Paging;
using Directory.Model.Importing;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Importing;

public static class ImportRunQueries
{
    public static void AddImportRunQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportSourceGraphType>>>, IEnumerable<ImportSource>>("importSources")
            .Description("The partner feeds the Directory has imported, by id: who publishes them, under which licence, how often they are read.")
            .ResolveAsync(async c => await c.Loaders().QueryAsync(
                db => db.ImportSources.AsNoTracking().OrderBy(s => s.Id).ToListAsync(c.CancellationToken), c.CancellationToken));
        query.Field<NonNullGraphType<ConnectionGraphType<ImportRunGraphType, ImportRun>>, Connection<ImportRun>>("importRuns")
            .Description("Runs of the importers over partner feeds, newest first, with their counts and rejected rows.")
            .Argument<StringGraphType>("source", "Only runs of this import source (its id).")
            .Argument<ListGraphType<NonNullGraphType<ImportRunStatusGraphType>>>("status", "Only runs in one of these states.")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                var source = c.GetArgument<string?>("source");
                var statuses = c.GetArgument<List<ImportRunStatus>?>("status");
                return await c.Loaders().QueryAsync(db =>
                {
                    IQueryable<ImportRun> runs = db.ImportRuns;
                    if (source is not null)
                    {
                        runs = runs.Where(r => r.SourceId == source);
                    }

                    if (statuses is { Count: > 0 })
                    {
                        runs = runs.Where(r => statuses.Contains(r.Status));
                    }

                    return runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).ToConnectionAsync(page, c.CancellationToken);
                }, c.CancellationToken);
            });
    }
}
