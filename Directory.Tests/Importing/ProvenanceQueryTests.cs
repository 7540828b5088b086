using System.Text.Json.Nodes;
using Directory.Api.GraphQL.Relay;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Tests.ApiTests;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Importing;

/// <summary>
/// The API over a database that the real pipeline imported into twice (a fake clock sets the run times): run 1 creates
/// two services, run 2 changes one description and withdraws the other; then a person edits an email.
/// </summary>
public sealed class ImportedDataFixture : IAsyncLifetime
{
    public static readonly DateTime FirstRunAt = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime SecondRunAt = FirstRunAt.AddDays(1);
    public static readonly DateTime EditedAt = SecondRunAt.AddDays(1);

    public DirectoryApiFactory Api { get; } = new();

    public int FirstRun { get; private set; }

    public int SecondRun { get; private set; }

    public string Kept { get; private set; } = "";

    public string Withdrawn { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _ = Api.Services;
        var clock = ImportServices.Clock();
        var importer = ImportServices.Build(Path.Combine(Api.DataDirectory, "directory.db"), clock);
        try
        {
            var feed = Path.Combine(Api.DataDirectory, "prov-feed.json");
            var source = TestSources.Hsds(path: feed, id: "prov-test");
            source.Licence = "CC-BY-4.0";
            source.Name = "Provenance test feed";
            await File.WriteAllTextAsync(feed, Feeds.Array(Feeds.Service("svc-1", "Sportello uno"), Feeds.Service("svc-2", "Sportello due", organizationId: "org-2", city: "Pisa", province: "PI")));
            FirstRun = (await importer.Pipeline().RunAsync(source, false, CancellationToken.None)).Run.Id;

            clock.Advance(SecondRunAt - FirstRunAt);
            await File.WriteAllTextAsync(feed, Feeds.Array(Feeds.Service("svc-1", "Sportello uno", description: "Nuova descrizione")));
            SecondRun = (await importer.Pipeline().RunAsync(source, false, CancellationToken.None)).Run.Id;

            await using var db = await Api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();
            var kept = await db.Services.SingleAsync(s => s.Source == "prov-test" && s.ExternalId == "svc-1");
            var withdrawn = await db.Services.SingleAsync(s => s.Source == "prov-test" && s.ExternalId == "svc-2");
            (Kept, Withdrawn) = (GlobalId.Encode("Service", kept.Id), GlobalId.Encode("Service", withdrawn.Id));
            ManualEdits.Record(db, "Service", kept.Id, "email", null, "sportello@example.org", "maria.rossi", EditedAt);
            await db.SaveChangesAsync();
        }
        finally
        {
            await ImportServices.DisposeAsync(importer);
        }
    }

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ProvenanceQueryTests(ImportedDataFixture data) : IClassFixture<ImportedDataFixture>
{
    private DirectoryApiFactory Api => data.Api;

    private static DateTime Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;

    [Fact]
    public async Task Provenance_shows_the_source_its_licence_first_and_last_seen_the_last_run_and_who_set_each_field()
    {
        var result = (await Api.Query("""
            query($id: ID!) {
              service(id: $id) {
                provenance {
                  source externalId importSource { id name licence }
                  firstSeenAt firstRunId lastSeenAt lastChangedAt lastRun { runId status } withdrawn withdrawnAt
                  fields { field setBy setByKind setAt runId run { runId } }
                }
              }
            }
            """, new { id = data.Kept })).Ok();

        var p = result["service"]!["provenance"]!;
        Assert.Equal(("prov-test", "svc-1"), (p.Text("source"), p.Text("externalId")));
        Assert.Equal(("prov-test", "Provenance test feed", "CC-BY-4.0"), (p["importSource"].Text("id"), p["importSource"].Text("name"), p["importSource"].Text("licence")));
        Assert.Equal(ImportedDataFixture.FirstRunAt, Time(p["firstSeenAt"]));
        Assert.Equal(data.FirstRun, p["firstRunId"]!.GetValue<int>());
        Assert.Equal(ImportedDataFixture.SecondRunAt, Time(p["lastSeenAt"]));
        Assert.Equal(ImportedDataFixture.SecondRunAt, Time(p["lastChangedAt"]));
        Assert.Equal((data.SecondRun, "SUCCEEDED"), (p["lastRun"]!["runId"]!.GetValue<int>(), p["lastRun"].Text("status")));
        Assert.False(p["withdrawn"]!.GetValue<bool>());
        Assert.Null(p["withdrawnAt"]);

        var fields = p["fields"]!.AsArray().ToDictionary(f => f.Text("field"));
        Assert.Equal(("prov-test", "IMPORT", data.SecondRun), (fields["description"].Text("setBy"), fields["description"].Text("setByKind"), fields["description"]!["runId"]!.GetValue<int>()));
        Assert.Equal(data.SecondRun, fields["description"]!["run"]!["runId"]!.GetValue<int>());
        Assert.Equal(("maria.rossi", "PERSON", ImportedDataFixture.EditedAt), (fields["email"].Text("setBy"), fields["email"].Text("setByKind"), Time(fields["email"]!["setAt"])));
        Assert.Null(fields["email"]!["runId"]);
    }

    [Fact]
    public async Task A_withdrawn_record_says_so_in_its_provenance_and_change_log()
    {
        var result = (await Api.Query("""
            query($id: ID!) {
              node(id: $id) {
                ... on Service {
                  withdrawnAt
                  provenance { withdrawn withdrawnAt lastSeenAt lastRun { runId } }
                  changes(first: 1) { totalCount nodes { field oldValue newValue by { kind name runId } } }
                }
              }
            }
            """, new { id = data.Withdrawn })).Ok();

        var service = result["node"]!;
        Assert.Equal(ImportedDataFixture.SecondRunAt, Time(service["withdrawnAt"]));
        var p = service["provenance"]!;
        Assert.True(p["withdrawn"]!.GetValue<bool>());
        Assert.Equal(ImportedDataFixture.SecondRunAt, Time(p["withdrawnAt"]));
        Assert.Null(p["lastSeenAt"]);
        Assert.Equal(data.SecondRun, p["lastRun"]!["runId"]!.GetValue<int>());
        Assert.Equal(2, service["changes"]!["totalCount"]!.GetValue<int>());
        var last = Assert.Single(service["changes"]!["nodes"]!.AsArray())!;
        Assert.Equal(("record", "current", "withdrawn"), (last.Text("field"), last.Text("oldValue"), last.Text("newValue")));
        Assert.Equal(("IMPORT", "prov-test", data.SecondRun), (last["by"].Text("kind"), last["by"].Text("name"), last["by"]!["runId"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_records_changes_are_newest_first_with_old_and_new_values_and_their_author()
    {
        var result = (await Api.Query("""
            query($id: ID!) {
              service(id: $id) {
                changes { totalCount nodes { entityId field oldValue newValue changedAt by { kind name runId source { licence } run { runId } } } }
                descriptions: changes(field: "description") { totalCount }
              }
            }
            """, new { id = data.Kept })).Ok();

        var changes = result["service"]!["changes"]!;
        Assert.Equal(3, changes["totalCount"]!.GetValue<int>());
        var nodes = changes["nodes"]!.AsArray();
        Assert.Equal(["email", "description", "record"], nodes.Texts("field"));
        Assert.All(nodes, n => Assert.Equal(data.Kept, n.Text("entityId")));
        Assert.Equal(("maria.rossi", "PERSON", "sportello@example.org"), (nodes[0]!["by"].Text("name"), nodes[0]!["by"].Text("kind"), nodes[0].Text("newValue")));
        Assert.Null(nodes[0]!["by"]!["run"]);
        Assert.Equal(("Descrizione", "Nuova descrizione", data.SecondRun), (nodes[1].Text("oldValue"), nodes[1].Text("newValue"), nodes[1]!["by"]!["run"]!["runId"]!.GetValue<int>()));
        Assert.Equal("CC-BY-4.0", nodes[1]!["by"]!["source"].Text("licence"));
        Assert.Equal(("created", ImportedDataFixture.FirstRunAt), (nodes[2].Text("newValue"), Time(nodes[2]!["changedAt"])));
        Assert.Equal(1, result["service"]!["descriptions"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_change_log_filters_by_entity_run_source_person_and_time()
    {
        const string Query = """
            query($filter: ChangeFilter, $first: Int) {
              changes(filter: $filter, first: $first) {
                totalCount
                nodes { entityId entityType field newValue changedAt entity { id } by { kind name runId } }
              }
            }
            """;
        var secondRun = GlobalId.Encode("ImportRun", data.SecondRun);

        var byEntity = (await Api.Query(Query, new { filter = new { entity = data.Kept } })).Ok()["changes"]!;
        Assert.Equal(3, byEntity["totalCount"]!.GetValue<int>());
        Assert.All(byEntity["nodes"]!.AsArray(), n => Assert.Equal(data.Kept, n!["entity"].Text("id")));

        var byRun = (await Api.Query(Query, new { filter = new { run = secondRun }, first = 100 })).Ok()["changes"]!.AsArray("nodes");
        Assert.All(byRun, n => Assert.Equal(data.SecondRun, n!["by"]!["runId"]!.GetValue<int>()));
        Assert.Contains(byRun, n => n!.Text("entityId") == data.Kept && n.Text("field") == "description");
        Assert.Contains(byRun, n => n!.Text("entityId") == data.Withdrawn && n.Text("newValue") == "withdrawn");
        Assert.Contains(byRun, n => n!.Text("entityType") == "Organization" && n.Text("newValue") == "withdrawn");

        var since = (await Api.Query(Query, new { filter = new { source = "prov-test", since = "2026-11-21T00:00:00Z" }, first = 100 })).Ok()["changes"]!.AsArray("nodes");
        Assert.Equal(byRun.Count, since.Count);
        var until = (await Api.Query(Query, new { filter = new { source = "prov-test", until = "2026-11-21T00:00:00Z" }, first = 100 })).Ok()["changes"]!.AsArray("nodes");
        Assert.NotEmpty(until);
        Assert.All(until, n => Assert.Equal((data.FirstRun, "created"), (n!["by"]!["runId"]!.GetValue<int>(), n.Text("newValue"))));

        var person = (await Api.Query(Query, new { filter = new { person = "maria.rossi" } })).Ok()["changes"]!.AsArray("nodes");
        Assert.Equal(("email", "PERSON"), (Assert.Single(person)!.Text("field"), person[0]!["by"].Text("kind")));

        Assert.Equal("BAD_USER_INPUT", (await Api.Query(Query, new { filter = new { since = "2026-11-21T00:00:00Z", until = "2026-11-20T00:00:00Z" } })).ErrorCode());
        Assert.Equal("INVALID_ID", (await Api.Query(Query, new { filter = new { run = data.Kept } })).ErrorCode());
    }

    [Fact]
    public async Task An_import_run_is_a_node_with_its_source_and_changes()
    {
        var runs = (await Api.Query("""{ importRuns(source: "prov-test") { nodes { id runId importSource { name } changes(first: 1) { totalCount } } } }""")).Ok().Nodes("importRuns");
        var newest = runs[0]!;
        Assert.Equal(data.SecondRun, newest["runId"]!.GetValue<int>());
        Assert.Equal("Provenance test feed", newest["importSource"].Text("name"));
        Assert.True(newest["changes"]!["totalCount"]!.GetValue<int>() >= 4);

        var sources = (await Api.Query("{ importSources { id name licence format isFullFeed lastSucceededAt } }")).Ok()["importSources"]!.AsArray();
        var source = Assert.Single(sources, s => s.Text("id") == "prov-test")!;
        Assert.Equal(("CC-BY-4.0", "HSDS_JSON", ImportedDataFixture.SecondRunAt), (source.Text("licence"), source.Text("format"), Time(source["lastSucceededAt"])));

        var node = (await Api.Query("query($id: ID!) { node(id: $id) { id ... on ImportRun { runId source status } } }", new { id = newest.Text("id") })).Ok()["node"]!;
        Assert.Equal((newest.Text("id"), data.SecondRun, "prov-test", "SUCCEEDED"), (node.Text("id"), node["runId"]!.GetValue<int>(), node.Text("source"), node.Text("status")));
    }
}

internal static class JsonArrays
{
    public static JsonArray AsArray(this JsonNode node, string field) => node[field]!.AsArray();
}
