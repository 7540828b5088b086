using GraphQL.Types;

namespace Directory.Api.GraphQL.Relay;

/// <summary>The Relay <c>Node</c> interface: anything that can be fetched again by its global ID.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global ID, which `node(id:)` fetches again. IDs are opaque: store them, do not parse them.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global, opaque identifier of the object.");
    }
}
