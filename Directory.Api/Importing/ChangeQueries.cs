using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Model.Common;
using Directory.Model.Importing;
using GraphQL;
using GraphQL.Types;

namespace Directory.Api.Importing;

public sealed class ChangeFilterInputGraphType : InputObjectGraphType
{
    public ChangeFilterInputGraphType()
    {
        Name = "ChangeFilter";
        Description = "Which changes to list. Every criterion given must hold.";
        Field<IdGraphType>("entity").Description("Only changes of this record (its global ID).");
        Field<StringGraphType>("source").Description("Only changes made by imports of this source (its id).");
        Field<StringGraphType>("person").Description("Only changes made by this person.");
        Field<IdGraphType>("run").Description("Only changes made by this import run (its global ID, `ImportRun.id`).");
        Field<StringGraphType>("field").Description("Only changes of this field, e.g. `description`, or `record` for creations, withdrawals and restorations.");
        Field<DateTimeGraphType>("since").Description("Only changes made at or after this moment (ISO 8601 with offset).");
        Field<DateTimeGraphType>("until").Description("Only changes made before this moment (ISO 8601 with offset).");
    }
}

public static class ChangeQueries
{
    public static void AddChangeQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<ChangeGraphType, ChangeLogEntry>>, Connection<ChangeLogEntry>>("changes")
            .Description("The field-level change log of the Directory, newest first: what imports and people changed, with old and new values.")
            .Argument<ChangeFilterInputGraphType>("filter", "Which changes to list.")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                var filter = ReadFilter(FilterInput.From(c));
                return await c.Loaders().QueryAsync(db => filter(db.ChangeLog).NewestFirst().ToConnectionAsync(page, c.CancellationToken), c.CancellationToken);
            });
    }

    /// <summary>The <c>changes</c> connection of a record type: its own change log, newest first.</summary>
    public static void AddChangesField<T>(this ObjectGraphType<T> type)
        where T : Record =>
        type.Field<NonNullGraphType<ConnectionGraphType<ChangeGraphType, ChangeLogEntry>>, Connection<ChangeLogEntry>>("changes")
            .Description("Changes to this record, newest first: by which import run or person, old and new values. One statement per record: ask for it on a few records, not on long lists.")
            .Argument<StringGraphType>("field", "Only changes of this field.")
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                var field = c.GetArgument<string?>("field");
                if (RecordRef.Of(c.Source) is not { } record)
                {
                    return new Connection<ChangeLogEntry> { Edges = [], PageInfo = new PageInfo(false, false, null, null), TotalCount = 0 };
                }

                return await c.Loaders().QueryAsync(db =>
                {
                    var entries = db.ChangeLog.Where(e => e.EntityType == record.Type && e.EntityKey == record.Key);
                    if (field is not null)
                    {
                        entries = entries.Where(e => e.Field == field);
                    }

                    return entries.NewestFirst().ToConnectionAsync(page, c.CancellationToken);
                }, c.CancellationToken);
            });

    /// <summary>Changes in the log's order: newest first, ties by id (the order they were written).</summary>
    public static IQueryable<ChangeLogEntry> NewestFirst(this IQueryable<ChangeLogEntry> entries) =>
        entries.OrderByDescending(e => e.ChangedAt).ThenByDescending(e => e.Id);

    private static DateTime? Utc(DateTime? at) =>
        at is not { } value ? null : value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    private static Func<IQueryable<ChangeLogEntry>, IQueryable<ChangeLogEntry>> ReadFilter(FilterInput input)
    {
        string? type = null, key = null;
        if (input.Text("entity") is { } entity)
        {
            if (!GlobalId.TryDecode(entity, out var t, out var k))
            {
                throw DirectoryError.InvalidId("filter.entity", $"'{entity}' is not a valid ID.");
            }

            (type, key) = (t, k);
        }

        var run = input.Text("run") is { } runId ? GlobalId.DecodeInt(runId, ImportRunGraphType.TypeName, "filter.run") : (int?)null;
        var source = input.Text("source");
        var person = input.Text("person");
        var field = input.Text("field");
        var since = Utc(input.Value<DateTime>("since"));
        var until = Utc(input.Value<DateTime>("until"));
        if (since is not null && until is not null && since >= until)
        {
            throw DirectoryError.BadInput("filter.until", "'filter.until' must be later than 'filter.since'.");
        }

        return entries =>
        {
            if (type is not null)
            {
                entries = entries.Where(e => e.EntityType == type && e.EntityKey == key);
            }

            if (run is not null)
            {
                entries = entries.Where(e => e.ImportRunId == run);
            }

            if (source is not null)
            {
                entries = entries.Where(e => e.ChangedBy == source && e.ChangedByKind == ChangeAuthorKind.Import);
            }

            if (person is not null)
            {
                entries = entries.Where(e => e.ChangedBy == person && e.ChangedByKind == ChangeAuthorKind.Person);
            }

            if (field is not null)
            {
                entries = entries.Where(e => e.Field == field);
            }

            if (since is not null)
            {
                entries = entries.Where(e => e.ChangedAt >= since);
            }

            if (until is not null)
            {
                entries = entries.Where(e => e.ChangedAt < until);
            }

            return entries;
        };
    }
}
