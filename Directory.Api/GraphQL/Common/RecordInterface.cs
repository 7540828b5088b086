using Directory.Api.Importing;
using Directory.Model.Common;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Common;

/// <summary>What every stored record tells about itself: when it changed, its revision and where it came from.</summary>
public sealed class RecordInterface : InterfaceGraphType
{
    public RecordInterface()
    {
        Name = "Record";
        Description = "A stored record, with timestamps, a revision for optimistic concurrency and its provenance.";
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the record was first stored (UTC, ISO 8601).");
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When the record last changed (UTC, ISO 8601).");
        Field<NonNullGraphType<LongGraphType>>("revision").Description("Incremented on every change; send it back when editing to detect concurrent changes.");
        Field<NonNullGraphType<ProvenanceGraphType>>("provenance").Description("Where the record comes from.");
    }
}

/// <summary>Where a record comes from.</summary>
public sealed class ProvenanceGraphType : ObjectGraphType<Record>
{
    public ProvenanceGraphType()
    {
        Name = "Provenance";
        Description = "Where a record comes from: edited here, demonstration data, reference data, or an import source.";
        Field<NonNullGraphType<StringGraphType>>("source")
            .Description("`manual` for records edited in the Directory, `demo` for demonstration data, `istat`/`reference` for reference data, otherwise the id of the import source.")
            .Resolve(c => c.Source.Source);
        Field<StringGraphType>("externalId").Description("Identifier of the record in its source, when imported.").Resolve(c => c.Source.ExternalId);
        Field<NonNullGraphType<BooleanGraphType>>("isDemo")
            .Description("Whether this is demonstration data, not real information: do not show it to the public as fact.")
            .Resolve(c => c.Source.Source == Sources.Demo);
        this.AddImportProvenanceFields();
    }
}

public static class RecordFields
{
    /// <summary>Implements <c>Record</c> on a type.</summary>
    public static void AddRecordFields<T>(this ObjectGraphType<T> type)
        where T : Record
    {
        type.Interface<RecordInterface>();
        type.Field<NonNullGraphType<DateTimeGraphType>, DateTime>("createdAt")
            .Description("When the record was first stored (UTC, ISO 8601).")
            .Resolve(c => DateTime.SpecifyKind(c.Source.CreatedAt, DateTimeKind.Utc))
            .Reads(nameof(Record.CreatedAt));
        type.Field<NonNullGraphType<DateTimeGraphType>, DateTime>("updatedAt")
            .Description("When the record last changed (UTC, ISO 8601).")
            .Resolve(c => DateTime.SpecifyKind(c.Source.UpdatedAt, DateTimeKind.Utc))
            .Reads(nameof(Record.UpdatedAt));
        type.Field<NonNullGraphType<LongGraphType>, long>("revision")
            .Description("Incremented on every change; send it back when editing to detect concurrent changes.")
            .Resolve(c => c.Source.Revision)
            .Reads(nameof(Record.Revision));
        type.Field<NonNullGraphType<ProvenanceGraphType>, Record>("provenance")
            .Description("Where the record comes from.")
            .Resolve(c => c.Source);
        if (typeof(T).IsAssignableTo(typeof(Entity)))
        {
            type.AddChangesField();
        }
    }

    /// <summary>Implements <c>Node</c> on a type with an integer key.</summary>
    public static void AddNodeId<T>(this ObjectGraphType<T> type, string typeName)
        where T : Entity
    {
        type.Interface<Relay.NodeInterface>();
        type.Field<NonNullGraphType<IdGraphType>, string>("id")
            .Description($"Global, opaque identifier of the {typeName}.")
            .Resolve(c => Relay.GlobalId.Encode(typeName, c.Source.Id))
            .Reads(nameof(Entity.Id));
    }
}
