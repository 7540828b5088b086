using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Model.Importing;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Importing;

public sealed class ImportRunStatusGraphType : EnumerationGraphType<ImportRunStatus>
{
    public ImportRunStatusGraphType()
    {
        Name = "ImportRunStatus";
        Description = "State of an import run.";
    }
}

public sealed class ImportRunGraphType : ObjectGraphType<ImportRun>
{
    /// <summary>Type name in global IDs.</summary>
    public const string TypeName = "ImportRun";

    public ImportRunGraphType()
    {
        Name = TypeName;
        Description = "One run of an importer over a partner feed: when, its outcome, and what it created, changed, withdrew or rejected.";
        Interface<NodeInterface>();
        Field<NonNullGraphType<IdGraphType>, string>("id")
            .Description("Global, opaque identifier of the run (for `node(id:)` and `changes(filter: { run })`).")
            .Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field("runId", r => r.Id).Description("Number of the run, as the command-line importer shows it (`run <runId> --errors`).");
        Field("source", r => r.SourceId).Description("Id of the import source; records it created carry it as `provenance.source`.");
        Field<ImportSourceGraphType, ImportSource>("importSource")
            .Description("The import source: name, licence, schedule.")
            .ResolveLoader(c => c.LoadImportSource(c.Source.SourceId));
        Field(r => r.StartedAt).Description("When the run began (UTC).");
        Field(r => r.FinishedAt, nullable: true).Description("When the run ended (UTC); null while it runs.");
        Field<NonNullGraphType<ImportRunStatusGraphType>>("status").Description("State of the run.").Resolve(c => c.Source.Status);
        Field(r => r.IsDryRun).Description("Whether the run only reported what would change and wrote nothing.");
        Field(r => r.NotModified).Description("Whether the partner answered that the feed had not changed, so nothing was read.");
        Field(r => r.RowsRead).Description("Rows (or records) read from the feed.");
        Field(r => r.Created).Description("Records created.");
        Field(r => r.Updated).Description("Records with at least one field changed.");
        Field(r => r.Unchanged).Description("Records found identical to what is stored.");
        Field(r => r.Withdrawn).Description("Records missing from a full feed, marked withdrawn (kept, not deleted).");
        Field(r => r.Restored).Description("Withdrawn records that came back.");
        Field(r => r.Rejected).Description("Rows skipped as invalid; `errors` says why.");
        Field(r => r.Protected).Description("Field changes not applied because a person had set the field (manual edits win over imports).");
        Field(r => r.Message, nullable: true).Description("Why the run failed or aborted, or a note on what it skipped.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportRunErrorGraphType>>>, IEnumerable<ImportRunError>>("errors")
            .Description("The rows the run rejected, in feed order, each with its reason.")
            .ResolveLoader(c => c.LoadImportRunErrors(c.Source.Id));
        Field<NonNullGraphType<ConnectionGraphType<ChangeGraphType, ChangeLogEntry>>, Connection<ChangeLogEntry>>("changes")
            .Description("The field changes this run wrote, newest first (a dry run writes none).")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                var id = c.Source.Id;
                return await c.Loaders().QueryAsync(db => db.ChangeLog.Where(e => e.ImportRunId == id).NewestFirst().ToConnectionAsync(page, c.CancellationToken), c.CancellationToken);
            });
    }
}

public sealed class ImportRunErrorGraphType : ObjectGraphType<ImportRunError>
{
    public ImportRunErrorGraphType()
    {
        Name = "ImportRunError";
        Description = "A row of a feed that an import run skipped, and why.";
        Field(e => e.Row).Description("Row of the feed: line of a CSV file, or position of the record in a JSON feed, from 1.");
        Field(e => e.ExternalId, nullable: true).Description("Id of the record in the feed, when it could be read.");
        Field(e => e.Field, nullable: true).Description("Field at fault, as named in the feed or its mapping.");
        Field(e => e.Message).Description("What is wrong.");
    }
}

public static class ImportRunLoaders
{
    public static IDataLoaderResult<IReadOnlyList<ImportRunError>> LoadImportRunErrors(this IResolveFieldContext context, int runId) =>
        context.Loaders().Many<int, ImportRunError>("importRunErrors", (db, ids, ct) =>
            db.ImportRunErrors.Where(e => ids.Contains(e.ImportRunId)).OrderBy(e => e.Row).ThenBy(e => e.Id).ToListAsync(ct),
            e => e.ImportRunId).Load(runId);
}
