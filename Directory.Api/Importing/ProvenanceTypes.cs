using Directory.Api.GraphQL.Loaders;
using Directory.Model.Common;
using Directory.Model.Importing;
using GraphQL.Types;

namespace Directory.Api.Importing;

public sealed class ImportFormatGraphType : EnumerationGraphType<ImportFormat>
{
    public ImportFormatGraphType()
    {
        Name = "ImportFormat";
        Description = "Formats the importers read.";
    }
}

public sealed class ChangeAuthorKindGraphType : EnumerationGraphType<ChangeAuthorKind>
{
    public ChangeAuthorKindGraphType()
    {
        Name = "ChangeAuthorKind";
        Description = "Who set a value: an import source or a person.";
        Values.FindByValue(ChangeAuthorKind.Import)!.Description = "An import run of a partner feed.";
        Values.FindByValue(ChangeAuthorKind.Person)!.Description = "A person editing the Directory (manual edits win over imports).";
    }
}

/// <summary>A configured partner feed, as the public may see it (no local paths).</summary>
public sealed class ImportSourceGraphType : ObjectGraphType<ImportSource>
{
    public ImportSourceGraphType()
    {
        Name = "ImportSource";
        Description = "A partner feed the Directory imports: who publishes it, under which licence, how often it is read.";
        Field("id", s => s.Id).Description("Stable id of the source, written as `provenance.source` on the records it created.");
        Field(s => s.Name).Description("Human-readable name of the feed.");
        Field<NonNullGraphType<ImportFormatGraphType>, ImportFormat>("format").Description("Format of the feed.").Resolve(c => c.Source.Format);
        Field(s => s.Licence, nullable: true).Description("Licence under which the partner publishes the feed, e.g. `CC-BY-4.0`; credit the partner when you reuse its records.");
        Field(s => s.Url, nullable: true).Description("Address of the feed, when it is read over HTTP(S); null for a file delivered to the Directory.");
        Field(s => s.Schedule, nullable: true).Description("How often the feed is read (ISO 8601 duration, e.g. `P1D`); null when only run by hand.");
        Field(s => s.IsFullFeed).Description("Whether every run delivers the full list, so that records missing from it are withdrawn.");
        Field<DateTimeGraphType, DateTime?>("lastSucceededAt").Description("When a run last read the whole feed successfully (UTC).").Resolve(c => c.Source.LastSucceededAt);
        Field<ImportRunGraphType, ImportRun>("lastSucceededRun").Description("That run.").ResolveLoader(c => c.LoadImportRun(c.Source.LastSucceededRunId));
    }
}

/// <summary>Who last set one field of a record.</summary>
public sealed class FieldProvenanceGraphType : ObjectGraphType<FieldProvenance>
{
    public FieldProvenanceGraphType()
    {
        Name = "FieldProvenance";
        Description = "Who last set one field of a record, and when. Fields not listed keep the value the record's source gave it on creation.";
        Field(p => p.Field).Description("Field name as in this API, e.g. `description` or `email`.");
        Field(p => p.SetBy).Description("The import source id or the person that set the value.");
        Field<NonNullGraphType<ChangeAuthorKindGraphType>, ChangeAuthorKind>("setByKind").Description("Whether `setBy` is an import source or a person.").Resolve(c => c.Source.SetByKind);
        Field<NonNullGraphType<DateTimeGraphType>, DateTime>("setAt").Description("When it was set (UTC).").Resolve(c => c.Source.SetAt);
        Field("runId", p => p.ImportRunId, nullable: true).Description("Number of the import run that set it; null for a person's edit.");
        Field<ImportRunGraphType, ImportRun>("run").Description("The import run that set it; null for a person's edit.").ResolveLoader(c => c.LoadImportRun(c.Source.ImportRunId));
    }
}

public static class ProvenanceFields
{
    /// <summary>The import provenance fields of <c>Provenance</c>: source details, first and last seen, last run, withdrawal, per-field authors.</summary>
    public static void AddImportProvenanceFields(this ObjectGraphType<Record> type)
    {
        type.Field<ImportSourceGraphType, ImportSource>("importSource")
            .Description("The partner feed the record comes from (name, licence, schedule); null when it was not imported.")
            .ResolveLoader(c => c.LoadImportSource(c.Source.Source));
        type.Field<DateTimeGraphType, DateTime?>("firstSeenAt")
            .Description("When an import run first saw the record (UTC); null when it was not imported.")
            .ResolveLoader(c => Origin(c)?.Then(o => o?.Provenance.FirstSeenAt));
        type.Field<IntGraphType, int?>("firstRunId")
            .Description("Number of the import run that first saw the record.")
            .ResolveLoader(c => Origin(c)?.Then(o => o?.Provenance.FirstRunId));
        type.Field<DateTimeGraphType, DateTime?>("lastSeenAt")
            .Description("When its source last delivered the record: the end of the source's last successful run, since a full feed that succeeds has seen every record it did not withdraw. Null when withdrawn (see `withdrawnAt`) or not imported.")
            .ResolveLoader(c => RecordRef.WithdrawnAt(c.Source) is not null ? null : c.LoadImportSource(c.Source.Source)?.Then(s => s?.LastSucceededAt));
        type.Field<DateTimeGraphType, DateTime?>("lastChangedAt")
            .Description("When an import run last created, changed, withdrew or restored the record (UTC).")
            .ResolveLoader(c => Origin(c)?.Then(o => o?.Provenance.LastChangedAt));
        type.Field<ImportRunGraphType, ImportRun>("lastRun")
            .Description("The import run that last created, changed, withdrew or restored the record.")
            .ResolveLoader(c => Origin(c)?.Then(o => o?.LastRun));
        type.Field<NonNullGraphType<BooleanGraphType>, bool>("withdrawn")
            .Description("Whether its source feed stopped listing the record. Withdrawn records are kept, not deleted, so links to them keep working.")
            .Resolve(c => RecordRef.WithdrawnAt(c.Source) is not null);
        type.Field<DateTimeGraphType, DateTime?>("withdrawnAt")
            .Description("When its source feed stopped listing the record (UTC); null while current.")
            .Resolve(c => RecordRef.WithdrawnAt(c.Source));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<FieldProvenanceGraphType>>>, IEnumerable<FieldProvenance>>("fields")
            .Description("Who last set each field changed since the record was created (an import run or a person), by field name. A field a person set is not overwritten by imports.")
            .ResolveLoader(c => RecordRef.Of(c.Source) is { } record ? c.LoadFieldProvenance(record) : new Empty<FieldProvenance>());
    }

    private static global::GraphQL.DataLoader.IDataLoaderResult<RecordOrigin?>? Origin(global::GraphQL.IResolveFieldContext<Record> c) =>
        RecordRef.Of(c.Source) is { } record ? c.LoadRecordOrigin(record) : null;

    private sealed class Empty<T> : global::GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<T>>
    {
        public Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<T>>([]);

        async Task<object?> global::GraphQL.DataLoader.IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
