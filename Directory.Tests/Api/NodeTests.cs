using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.ApiTests;

/// <summary>Relay refetch: every Node type comes back from <c>node(id:)</c>; malformed ids are INVALID_ID.</summary>
public sealed class NodeTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string Obj = "__typename id";

    /// <summary>For each Node type, a query that reaches objects of that type through the normal fields.</summary>
    public static TheoryData<string, string> NodeTypes => new()
    {
        { "Region", $"{{ regions(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "Province", $"{{ provinces(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "Comune", $"{{ comuni(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "Category", $"{{ categories(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "Organization", $"{{ organizations(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "Service", $"{{ services(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "RequiredDocument", $"{{ services(first: 100) {{ nodes {{ requiredDocuments {{ {Obj} }} }} }} }}" },
        { "Location", $"{{ services(first: 100) {{ nodes {{ locations {{ {Obj} }} }} }} }}" },
        { "ServiceAtLocation", $"{{ services(first: 100) {{ nodes {{ serviceAtLocations {{ {Obj} }} }} }} }}" },
        { "Schedule", $"{{ services(first: 100) {{ nodes {{ serviceAtLocations {{ schedules {{ {Obj} }} }} }} }} }}" },
        { "SpecialHours", $"{{ services(first: 100) {{ nodes {{ serviceAtLocations {{ specialHours {{ {Obj} }} }} }} }} }}" },
        { "Phone", $"{{ organizations(first: 100) {{ nodes {{ phones {{ {Obj} }} }} }} }}" },
        { "Procedure", $"{{ procedures(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "ProcedureStep", $"{{ procedures(first: 100) {{ nodes {{ steps {{ {Obj} }} }} }} }}" },
        { "ProcedureDocument", $"{{ procedures(first: 100) {{ nodes {{ documents {{ {Obj} }} }} }} }}" },
        { "ProcedureCost", $"{{ procedures(first: 100) {{ nodes {{ costs {{ {Obj} }} }} }} }}" },
        { "LegalReference", $"{{ procedures(first: 100) {{ nodes {{ legalReferences {{ {Obj} }} }} }} }}" },
        { "Association", $"{{ associations(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "RepresentativeCouncil", $"{{ councils(first: 1) {{ nodes {{ {Obj} }} }} }}" },
        { "CouncilMember", $"{{ councils(first: 100) {{ nodes {{ members {{ {Obj} }} }} }} }}" },
        { "CouncilEvent", $"{{ councils(first: 100) {{ nodes {{ events {{ {Obj} }} }} }} }}" },
    };

    /// <summary>
    /// Node types the seeded data holds none of, refetched by their own tests: ImportRun in
    /// <c>ProvenanceQueryTests.An_import_run_is_a_node_with_its_source_and_changes</c>.
    /// </summary>
    private static readonly string[] TestedElsewhere = ["ImportRun"];

    private async Task<List<string>> IdsOfAsync(string typeName, string query)
    {
        var data = (await api.Query(query)).Ok();
        return data.Objects()
            .Where(o => o["__typename"]?.GetValue<string>() == typeName)
            .Select(o => o.Text("id"))
            .Distinct()
            .ToList();
    }

    [Fact]
    public async Task Node_types_are_exactly_those_tested()
    {
        var data = (await api.Query("""{ __type(name: "Node") { possibleTypes { name } } }""")).Ok();

        var tested = NodeTypes.Select(row => (string)row[0]).Concat(TestedElsewhere);
        ApiAssert.SameSet(tested, data["__type"]!["possibleTypes"]!.AsArray().Texts("name"));
    }

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public async Task Node_refetches_the_object_with_its_type(string typeName, string query)
    {
        var id = (await IdsOfAsync(typeName, query)).FirstOrDefault();
        Assert.True(id is not null, $"The seeded data has no {typeName} to refetch");

        var data = (await api.Query("query($id: ID!) { node(id: $id) { __typename id } }", new { id })).Ok();

        Assert.Equal(typeName, data["node"].Text("__typename"));
        Assert.Equal(id, data["node"].Text("id"));
    }

    [Fact]
    public async Task Node_returns_the_fields_of_the_concrete_type()
    {
        var service = (await api.Query("{ services(last: 1) { nodes { id name organization { name } } } }")).Ok().Nodes("services")[0]!;

        var data = (await api.Query(
            "query($id: ID!) { node(id: $id) { ... on Service { name organization { name } } } }", new { id = service.Text("id") })).Ok();

        Assert.Equal(service.Text("name"), data["node"].Text("name"));
        Assert.Equal(service["organization"].Text("name"), data["node"]!["organization"].Text("name"));
    }

    [Fact]
    public async Task Nodes_keeps_the_order_and_returns_null_for_missing_ids()
    {
        var service = (await IdsOfAsync("Service", "{ services(first: 1) { nodes { __typename id } } }"))[0];
        var region = ApiAssert.GlobalId("Region", "09");
        var comune = ApiAssert.GlobalId("Comune", "045010");
        var missing = ApiAssert.GlobalId("Service", "987654");
        var organization = (await IdsOfAsync("Organization", "{ organizations(last: 1) { nodes { __typename id } } }"))[0];

        var data = (await api.Query(
            "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
            new { ids = new[] { comune, missing, service, region, organization } })).Ok();

        var nodes = data["nodes"]!.AsArray();
        Assert.Equal(5, nodes.Count);
        Assert.Equal(("Comune", comune), (nodes[0].Text("__typename"), nodes[0].Text("id")));
        Assert.Null(nodes[1]);
        Assert.Equal(("Service", service), (nodes[2].Text("__typename"), nodes[2].Text("id")));
        Assert.Equal(("Region", region), (nodes[3].Text("__typename"), nodes[3].Text("id")));
        Assert.Equal(("Organization", organization), (nodes[4].Text("__typename"), nodes[4].Text("id")));
    }

    [Fact]
    public async Task Nodes_of_one_type_load_in_one_statement()
    {
        var ids = await IdsOfAsync("Comune", "{ comuni(first: 30) { nodes { __typename id } } }");
        Assert.Equal(30, ids.Count);

        var before = api.SqlCommandCount;
        var data = (await api.Query("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids })).Ok();
        var statements = api.SqlCommandCount - before;

        Assert.Equal(ids, data["nodes"]!.AsArray().Texts("id"));
        Assert.Equal(1, statements);
    }

    [Fact]
    public async Task Nodes_with_more_than_one_hundred_ids_is_bad_user_input()
    {
        var ids = Enumerable.Range(1, 101).Select(i => ApiAssert.GlobalId("Service", i)).ToArray();

        var response = await api.Query("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        response.Error("BAD_USER_INPUT", "ids");
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("bm9jb2xvbg")] // "nocolon"
    [InlineData("Rm9vOjE")] // "Foo:1", an unknown type
    [InlineData("OjE")] // ":1", no type
    [InlineData("U2VydmljZTo")] // "Service:", no key
    [InlineData("U2VydmljZTphYmM")] // "Service:abc", key not a number
    public async Task Node_with_malformed_id_is_invalid_id(string id)
    {
        var response = await api.Query("query($id: ID!) { node(id: $id) { id } }", new { id });

        response.Error("INVALID_ID", "id");
    }

    [Fact]
    public async Task Nodes_with_a_malformed_id_is_invalid_id()
    {
        var response = await api.Query("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { ApiAssert.GlobalId("Region", "09"), "Rm9vOjE" } });

        response.Error("INVALID_ID", "ids");
    }

    [Theory]
    [InlineData("procedure")]
    [InlineData("association")]
    [InlineData("organization")]
    [InlineData("council")]
    public async Task Service_id_given_to_another_type_is_invalid_id(string field)
    {
        var id = (await IdsOfAsync("Service", "{ services(first: 1) { nodes { __typename id } } }"))[0];

        var response = await api.Query($"query($id: ID!) {{ {field}(id: $id) {{ id }} }}", new { id });

        response.Error("INVALID_ID", "id");
        Assert.Null(response.Data?[field]);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("bm9jb2xvbg")]
    public async Task Service_with_malformed_id_is_invalid_id(string id)
    {
        var response = await api.Query("query($id: ID!) { service(id: $id) { id } }", new { id });

        response.Error("INVALID_ID", "id");
    }

    [Fact]
    public async Task Service_with_well_formed_id_of_a_missing_service_is_not_found()
    {
        var response = await api.Query("query($id: ID!) { service(id: $id) { id } }", new { id = ApiAssert.GlobalId("Service", "987654") });

        response.Error("NOT_FOUND", "id");
        Assert.Null(response.Data?["service"]);
    }

    [Theory]
    [InlineData("Service", "987654")]
    [InlineData("Region", "99")]
    [InlineData("Comune", "999999")]
    [InlineData("Procedure", "987654")]
    public async Task Node_with_well_formed_id_of_a_missing_object_is_null_without_error(string typeName, string key)
    {
        var data = (await api.Query("query($id: ID!) { node(id: $id) { id } }", new { id = ApiAssert.GlobalId(typeName, key) })).Ok();

        Assert.Null(data["node"]);
    }
}
