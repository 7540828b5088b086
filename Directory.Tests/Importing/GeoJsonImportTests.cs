using System.Globalization;
using System.Text.Json.Nodes;
using Directory.Model.Common;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

public sealed class GeoJsonImportTests
{
    private static readonly string SampleFeed = TestSources.SeedFeed("associazioni-toscana.geojson");
    private static readonly string SampleMapping = TestSources.SeedFeed("associazioni-toscana.mapping.json");

    private const string Mapping = """
        {
          "target": "association",
          "properties": { "nome": "association.name", "comune": "location.comune", "prov": "location.province", "comunita": "association.communities",
                          "attivita": "association.activityKinds", "soci": "association.membersCount" },
          "values": { "association.activityKinds": { "cultura": "Culture", "donne": "Women" } }
        }
        """;

    private static JsonObject Feature(string id, string name, double longitude = 11.0966, double latitude = 43.8777, string comune = "Prato", string prov = "PO")
    {
        var properties = new JsonObject { ["comune"] = comune, ["prov"] = prov, ["comunita"] = new JsonArray("MA"), ["attivita"] = "cultura|donne" };
        if (name.Length > 0)
        {
            properties["nome"] = name;
        }

        return new JsonObject
        {
            ["type"] = "Feature",
            ["id"] = id,
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(longitude, latitude) },
            ["properties"] = properties,
        };
    }

    private static string Collection(params JsonObject[] features) =>
        new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray([.. features.Select(f => f.DeepClone())]) }.ToJsonString();

    private static JsonObject[] Three() => [Feature("a-1", "Associazione Uno"), Feature("a-2", "Associazione Due", 10.4017, 43.7228, "Pisa", "PI"), Feature("a-3", "Associazione Tre")];

    [Fact]
    public async Task Sample_geojson_creates_associations_at_their_headquarters_with_coordinates_and_a_rerun_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var source = FormatSources.GeoJson(SampleFeed, SampleMapping);

        var result = await harness.RunAsync(source);

        Assert.Equal((ImportRunStatus.Succeeded, 16, 0, 32), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected, result.Run.Created)); // 16 associations, 16 headquarters
        await using (var db = await harness.DbAsync())
        {
            var chinese = await db.Associations.Include(a => a.Headquarters).Include(a => a.Areas).Include(a => a.Phones).SingleAsync(a => a.ExternalId == "AS-PO-002");
            Assert.Equal(("Comunità Cinese Unita di Prato", "test-geojson", "it"), (chinese.Name, chinese.Source, chinese.Language));
            Assert.Equal(["CN"], chinese.Communities);
            Assert.False(chinese.IsMultiCommunity);
            Assert.Equal(["zh", "it"], chinese.Languages);
            Assert.Equal([ActivityKind.Mediation, ActivityKind.Education, ActivityKind.Work], chinese.ActivityKinds);
            Assert.Equal((1998, 420, "https://associazione-cinese.example.org"), (chinese.FoundedYear, chinese.MembersCount, chinese.Website));
            Assert.Equal(["048", "100"], chinese.Areas.Select(a => a.AreaCode).Order());
            Assert.Equal(("instagram", "+39 000 0000002"), (Assert.Single(chinese.SocialLinks).Platform, Assert.Single(chinese.Phones).Number));
            var hq = chinese.Headquarters!;
            Assert.Equal(("AS-PO-002", "Via Filzi 34", "100005"), (hq.ExternalId, hq.AddressLine1, hq.ComuneIstatCode));
            Assert.Equal((43.8852, 11.0888, CoordinateQuality.Exact), (hq.Latitude, hq.Longitude, hq.CoordinateQuality));
            var women = await db.Associations.SingleAsync(a => a.ExternalId == "AS-EM-014");
            Assert.True(women.IsMultiCommunity);
            var link = Assert.Single((await db.Associations.SingleAsync(a => a.ExternalId == "AS-VI-010")).SocialLinks);
            Assert.Equal(("telegram", "https://t.me/esempio_kalyna"), (link.Platform, link.Url));
            var provenance = await db.RecordProvenance.SingleAsync(p => p.EntityType == "Association" && p.EntityKey == chinese.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(("test-geojson", "AS-PO-002", result.Run.Id), (provenance.SourceId, provenance.ExternalId, provenance.FirstRunId));
        }

        var before = await harness.DumpWithAssociationsAsync();
        var again = await harness.RunAsync(source);

        Assert.Equal((ImportRunStatus.Succeeded, 0, 0, 32, 0), (again.Run.Status, again.Run.Created, again.Run.Updated, again.Run.Unchanged, again.RowsWritten));
        Assert.Equal(before, await harness.DumpWithAssociationsAsync());
    }

    [Fact]
    public async Task Feature_dropped_from_the_feed_is_withdrawn_with_its_headquarters_and_restored_when_it_comes_back()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var mapping = harness.WriteFile("mapping.json", Mapping);
        var features = Three();
        await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(features)), mapping));

        var dropped = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(features[0], features[1])), mapping));

        Assert.Equal((ImportRunStatus.Succeeded, 2), (dropped.Run.Status, dropped.Run.Withdrawn)); // a-3 and its headquarters
        Assert.Contains("withdrawn Association a-3", dropped.Examples);
        await using (var db = await harness.DbAsync())
        {
            var withdrawn = await db.Associations.SingleAsync(a => a.ExternalId == "a-3");
            Assert.NotNull(withdrawn.WithdrawnAt);
            Assert.Equal("Associazione Tre", withdrawn.Name);
            Assert.Equal(["a-1", "a-2"], await ListedAsync(db));
        }

        var back = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(features)), mapping));

        Assert.Equal((2, 0, 0), (back.Run.Restored, back.Run.Created, back.Run.Withdrawn));
        await using (var db = await harness.DbAsync())
        {
            Assert.Null((await db.Associations.SingleAsync(a => a.ExternalId == "a-3")).WithdrawnAt);
            Assert.Equal(["withdrawn", "current"], await db.ChangeLog.Where(c => c.EntityType == "Association" && c.Field == "record" && c.OldValue != null).OrderBy(c => c.Id).Select(c => c.NewValue).ToListAsync());
        }
    }

    [Fact]
    public async Task Changed_property_is_written_alone_and_a_manual_edit_is_protected()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var mapping = harness.WriteFile("mapping.json", Mapping);
        var features = Three();
        await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(features)), mapping));
        await using (var db = await harness.DbAsync())
        {
            var association = await db.Associations.AsTracking().SingleAsync(a => a.ExternalId == "a-1");
            ManualEdits.Record(db, "Association", association.Id, "name", association.Name, "Associazione Uno APS", "editor@example.org", DateTime.UtcNow);
            association.Name = "Associazione Uno APS";
            await db.SaveChangesAsync();
        }

        features[0]["properties"]!["nome"] = "Associazione Uno (nuovo nome)";
        features[0]["properties"]!["soci"] = 40;
        features[1]["geometry"]!["coordinates"] = new JsonArray(10.41, 43.72);
        var result = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(features)), mapping));

        // a-1's membersCount (its name is the editor's); a-1's headquarters, named after it; a-2's headquarters, moved.
        Assert.Equal((ImportRunStatus.Succeeded, 3, 1), (result.Run.Status, result.Run.Updated, result.Run.Protected));
        await using (var db = await harness.DbAsync())
        {
            var association = await db.Associations.SingleAsync(a => a.ExternalId == "a-1");
            Assert.Equal(("Associazione Uno APS", 40), (association.Name, association.MembersCount));
            Assert.Equal(["Association membersCount", "Location latitude", "Location longitude", "Location name"],
                await db.ChangeLog.Where(c => c.ImportRunId == result.Run.Id).Select(c => c.EntityType + " " + c.Field).OrderBy(c => c).ToListAsync());
            var moved = await db.Locations.SingleAsync(l => l.ExternalId == "a-2");
            Assert.Equal((43.72, 10.41), (moved.Latitude, moved.Longitude));
        }

        var again = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(features)), mapping));
        Assert.Equal((0, 1, 0), (again.Run.Updated, again.Run.Protected, again.RowsWritten));
    }

    [Fact]
    public async Task Invalid_coordinates_missing_geometry_multipoint_and_missing_name_are_rejected_with_the_feature_index()
    {
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Sync:MaxErrorRatio"] = "0.9" });
        var mapping = harness.WriteFile("mapping.json", Mapping);
        var noGeometry = Feature("b-3", "Senza geometria");
        noGeometry.Remove("geometry");
        var multi = Feature("b-4", "Due sedi");
        multi["geometry"] = new JsonObject { ["type"] = "MultiPoint", ["coordinates"] = new JsonArray(new JsonArray(11.1, 43.8), new JsonArray(11.2, 43.9)) };
        var feed = Collection(
            Feature("b-0", "Valida"),
            Feature("b-1", "Latitudine fuori scala", longitude: 11.1, latitude: 143.8),
            Feature("b-2", ""),
            noGeometry,
            multi,
            Feature("b-5", "Comune sconosciuto", comune: "Atlantide"));

        var result = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", feed), mapping));

        Assert.Equal((ImportRunStatus.Succeeded, 6, 5, 2), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected, result.Run.Created));
        var errors = result.Run.Errors.Select(e => (e.Row, e.ExternalId, e.Field, e.Message)).ToList();
        Assert.Contains((2, "b-1", "features[1].geometry.coordinates[1]", "latitude 143.8 is out of range (-90 to 90); GeoJSON gives [longitude, latitude]"), errors);
        Assert.Contains((3, "b-2", "features[2].properties.nome", "the association has no name"), errors);
        Assert.Contains((4, "b-3", "features[3].geometry", "the feature has no geometry: a Point is required"), errors);
        Assert.Contains((5, "b-4", "features[4].geometry", "a MultiPoint names several places: give one Point feature per place"), errors);
        Assert.Contains((6, "b-5", "location.comune", "no comune is named 'Atlantide'"), errors);
        await using var db = await harness.DbAsync();
        Assert.Equal(["b-0"], await db.Associations.Select(a => a.ExternalId).ToListAsync());
    }

    [Fact]
    public async Task Association_id_repeated_in_a_later_batch_is_rejected_and_the_first_row_is_stored()
    {
        // Batches of two rows: the repeat comes in the second batch, after the first was stored.
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Sync:MaxErrorRatio"] = "0.9" });
        var mapping = harness.WriteFile("mapping.json", Mapping);
        var feed = Collection(Feature("a-1", "Associazione Uno"), Feature("a-2", "Associazione Due"), Feature("a-1", "Associazione Uno bis"));

        var result = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", feed), mapping));

        Assert.Equal((ImportRunStatus.Succeeded, 3, 1), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected));
        Assert.Contains(result.Run.Errors, e => (e.Row, e.ExternalId, e.Field, e.Message) == (3, "a-1", "id", "duplicate association id 'a-1' (first at row 1)"));
        await using var db = await harness.DbAsync();
        Assert.Equal(["Associazione Due", "Associazione Uno"], await db.Associations.Where(a => a.Source == "test-geojson").OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[11.1,43.8]},"properties":{"nome":"A","comune":"Prato"}},""", "truncated")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":{}}""", "FeatureCollection")]
    [InlineData("""[{"type":"Feature"}]""", "FeatureCollection object")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"x" "geometry":null}]}""", "invalid")]
    public async Task Malformed_geojson_fails_the_run_and_writes_nothing(string body, string reason)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var mapping = harness.WriteFile("mapping.json", Mapping);
        await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", Collection(Three())), mapping));
        var before = await harness.DumpWithAssociationsAsync();

        var result = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("feed.geojson", body), mapping));

        Assert.Equal((ImportRunStatus.Failed, 0, 0), (result.Run.Status, result.Run.Created, result.Run.Withdrawn));
        Assert.Contains(reason, result.Run.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.DumpWithAssociationsAsync());
    }

    [Fact]
    public async Task Large_feed_is_read_feature_by_feature_across_read_buffers()
    {
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Sync:BatchSize"] = "500" });
        var mapping = harness.WriteFile("mapping.json", Mapping);
        // About 2 MB, many times the reader's 64 KB buffer, with a long skipped member before the features.
        var features = Enumerable.Range(0, 2000).Select(i => Feature($"c-{i}", $"Associazione {i} " + new string('x', 800), 11 + (i % 100 / 1000.0), 43.8)).ToArray();
        var feed = new JsonObject { ["type"] = "FeatureCollection", ["bbox"] = new JsonArray([.. Enumerable.Range(0, 20000).Select(i => (JsonNode)i)]), ["features"] = new JsonArray([.. features]) }.ToJsonString();

        var result = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("big.geojson", feed), mapping));

        Assert.Equal((ImportRunStatus.Succeeded, 2000, 0, 4000), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected, result.Run.Created));
        await using var db = await harness.DbAsync();
        Assert.StartsWith("Associazione 1999 x", (await db.Associations.SingleAsync(a => a.ExternalId == "c-1999")).Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Geojson_of_service_desks_creates_services_at_located_places()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var mapping = harness.WriteFile("desks.mapping.json", """
            {
              "target": "service",
              "properties": { "codice": "service.id", "nome": "service.name", "ente": "organization.name", "comune": "location.comune", "categorie": "service.categories" }
            }
            """);
        var desk = new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(10.3106, 43.5485) },
            ["properties"] = new JsonObject { ["codice"] = "D1", ["nome"] = "Sportello stranieri", ["ente"] = "Comune di Livorno", ["comune"] = "Livorno", ["categorie"] = new JsonArray("information.migrant-desk") },
        };

        var result = await harness.RunAsync(FormatSources.GeoJson(harness.WriteFile("desks.geojson", Collection(desk)), mapping));

        Assert.Equal((ImportRunStatus.Succeeded, 3), (result.Run.Status, result.Run.Created)); // service, organization, location
        await using var db = await harness.DbAsync();
        var service = await db.Services.Include(s => s.ServiceAtLocations).ThenInclude(a => a.Location).Include(s => s.Organization).SingleAsync(s => s.ExternalId == "D1");
        var location = Assert.Single(service.ServiceAtLocations).Location!;
        Assert.Equal(("Comune di Livorno", "049009", 43.5485, 10.3106, CoordinateQuality.Exact),
            (service.Organization!.Name, location.ComuneIstatCode, location.Latitude, location.Longitude, location.CoordinateQuality));
    }

    [Fact]
    public async Task Mapping_to_an_unknown_field_or_to_coordinates_fails_the_run_naming_it()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.geojson", Collection(Three()));

        var unknown = await harness.RunAsync(FormatSources.GeoJson(feed, harness.WriteFile("m1.json", """{ "properties": { "nome": "association.nickname" } }""")));
        var coordinates = await harness.RunAsync(FormatSources.GeoJson(feed, harness.WriteFile("m2.json", """{ "properties": { "lat": "location.latitude" } }""")));

        Assert.Equal((ImportRunStatus.Failed, ImportRunStatus.Failed), (unknown.Run.Status, coordinates.Run.Status));
        Assert.Contains("unknown field 'association.nickname'", unknown.Run.Message, StringComparison.Ordinal);
        Assert.Contains("coordinates come from the feature's geometry", coordinates.Run.Message, StringComparison.Ordinal);
    }

    /// <summary>Associations of the test source that lists show (through the model's filter, as the API does).</summary>
    private static Task<List<string>> ListedAsync(Directory.Model.Data.DirectoryDbContext db) =>
        new Directory.Model.Associations.AssociationFilter().Apply(db.Associations).Where(a => a.Source == "test-geojson").OrderBy(a => a.ExternalId).Select(a => a.ExternalId!).ToListAsync();
}
