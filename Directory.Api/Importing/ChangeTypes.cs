using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Relay;
using Directory.Model.Importing;
using GraphQL.Types;

namespace Directory.Api.Importing;

/// <summary>One entry of the change log.</summary>
public sealed class ChangeGraphType : ObjectGraphType<ChangeLogEntry>
{
    public ChangeGraphType()
    {
        Name = "Change";
        Description = "One field of one record changed: old and new value, by which import run or which person, when. Imports and manual edits write to the same log.";
        Field<NonNullGraphType<IdGraphType>, string>("entityId")
            .Description("Global ID of the changed record (also when it can no longer be fetched).")
            .Resolve(c => GlobalId.Encode(c.Source.EntityType, c.Source.EntityKey));
        Field("entityType", e => e.EntityType).Description("Type of the changed record, e.g. `Service`.");
        Field<NodeInterface, object>("entity")
            .Description("The changed record; null when it is no longer public.")
            .ResolveLoader(c => c.RequestServices!.GetRequiredService<NodeRegistry>().Load(c.Loaders(), GlobalId.Encode(c.Source.EntityType, c.Source.EntityKey)));
        Field(e => e.Field).Description("Field name as in this API, e.g. `description`; `record` for the record's creation (`created`), withdrawal (`withdrawn`) and restoration (`current`).");
        Field(e => e.OldValue, nullable: true).Description("Value before the change, as text; null when there was none.");
        Field(e => e.NewValue, nullable: true).Description("Value after the change, as text; null when cleared.");
        Field<NonNullGraphType<DateTimeGraphType>, DateTime>("changedAt").Description("When the change was made (UTC).").Resolve(c => c.Source.ChangedAt);
        Field<NonNullGraphType<ChangeAuthorGraphType>, ChangeLogEntry>("by").Description("Who made the change: an import run of a source, or a person.").Resolve(c => c.Source);
    }
}

/// <summary>Who made a change.</summary>
public sealed class ChangeAuthorGraphType : ObjectGraphType<ChangeLogEntry>
{
    public ChangeAuthorGraphType()
    {
        Name = "ChangeAuthor";
        Description = "Who made a change: an import run of a partner feed, or a person editing the Directory.";
        Field<NonNullGraphType<ChangeAuthorKindGraphType>, ChangeAuthorKind>("kind").Description("An import or a person.").Resolve(c => c.Source.ChangedByKind);
        Field<NonNullGraphType<StringGraphType>, string>("name").Description("The import source id, or the person's name.").Resolve(c => c.Source.ChangedBy);
        Field<ImportSourceGraphType, ImportSource>("source")
            .Description("The import source, for an import.")
            .ResolveLoader(c => c.Source.ChangedByKind == ChangeAuthorKind.Import ? c.LoadImportSource(c.Source.ChangedBy) : null);
        Field<IntGraphType, int?>("runId").Description("Number of the import run, for an import.").Resolve(c => c.Source.ImportRunId);
        Field<ImportRunGraphType, ImportRun>("run").Description("The import run, for an import.").ResolveLoader(c => c.LoadImportRun(c.Source.ImportRunId));
    }
}
