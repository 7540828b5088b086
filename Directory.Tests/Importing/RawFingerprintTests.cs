using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Importers.Formats;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

/// <summary>
/// Rows of an HSDS JSON feed recognised unchanged by their raw fingerprint, without being mapped: whatever the
/// whitespace and key order, only while the row, the settings and reference data, and the records the row names are
/// as they were; every other row is mapped and checked as before, with the same outcome.
/// </summary>
public sealed class RawFingerprintTests
{
    [Fact]
    public async Task Feed_written_again_with_other_whitespace_key_order_and_escaping_is_taken_raw_and_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        var first = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        var before = await harness.DumpAsync();

        var rewritten = new JsonArray([.. services.Select(s => Reversed(s))]).ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Default,
        });
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", rewritten)));

        Assert.Equal(0, first.RawUnchanged);
        Assert.Equal((3, 8, 0, 0), (result.RawUnchanged, result.Run.Unchanged, result.Run.Updated, result.RowsWritten));
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Every_row_taken_raw_counts_each_record_once_and_withdraws_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        // 6 services, 2 organizations, 6 locations.
        var services = Enumerable.Range(1, 6).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: i <= 3 ? "org-1" : "org-2")).ToArray();
        var feed = harness.WriteFile("feed.json", Feeds.Array(services));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        var before = await harness.DumpAsync();

        var result = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal(ImportRunStatus.Succeeded, result.Run.Status);
        Assert.Equal((6, 14, 0, 0, 0), (result.RawUnchanged, result.Run.Unchanged, result.Run.Withdrawn, result.Run.Updated, result.RowsWritten));
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Every_row_taken_raw_with_a_record_dropped_from_the_feed_withdraws_it_and_what_only_it_named()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 6).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: i <= 5 ? "org-1" : "org-2")).ToArray();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        // svc-6 goes, and its location and organization (org-2) with it.
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[..5]))));

        Assert.Equal((5, 0, 0), (result.RawUnchanged, result.Run.Rejected, result.Run.Updated));
        // 5 services, their 5 locations and org-1 unchanged; svc-6, loc-svc-6 and org-2 withdrawn.
        Assert.Equal((11, 3), (result.Run.Unchanged, result.Run.Withdrawn));
        await using (var db = await harness.DbAsync())
        {
            Assert.Equal(["svc-6"], await db.Services.Where(s => s.WithdrawnAt != null).Select(s => s.ExternalId!).ToListAsync());
            Assert.Equal(["org-2"], await db.Organizations.Where(o => o.WithdrawnAt != null).Select(o => o.ExternalId!).ToListAsync());
            Assert.Equal(["loc-svc-6"], await db.Locations.Where(l => l.WithdrawnAt != null).Select(l => l.ExternalId!).ToListAsync());
        }

        // Every row raw again, and the withdrawn records stay as they are.
        var again = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[..5]))));
        Assert.Equal((5, 11, 0, 0), (again.RawUnchanged, again.Run.Unchanged, again.Run.Withdrawn, again.RowsWritten));
    }

    [Fact]
    public async Task Every_row_taken_raw_withdraws_a_current_record_of_the_source_no_row_names()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 3).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}")).ToArray();
        var feed = harness.WriteFile("feed.json", Feeds.Array(services));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        await using (var db = await harness.DbAsync())
        {
            // A location of the source that no service points to any more (as a person unlinking it would leave it).
            var location = await db.Locations.SingleAsync(l => l.ExternalId == "loc-svc-3");
            await db.ServiceAtLocations.Where(a => a.LocationId == location.Id).ExecuteDeleteAsync();
        }

        var result = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((3, 1), (result.RawUnchanged, result.Run.Withdrawn));
        await using (var db = await harness.DbAsync())
        {
            Assert.Equal(["loc-svc-3"], await db.Locations.Where(l => l.WithdrawnAt != null).Select(l => l.ExternalId!).ToListAsync());
        }
    }

    [Fact]
    public async Task Every_row_taken_raw_from_a_partial_feed_withdraws_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 4).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}")).ToArray();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        var source = TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[..2])));
        source.FullFeed = false;
        var result = await harness.RunAsync(source);

        // 2 services, their 2 locations and org-1.
        Assert.Equal((2, 5, 0, 0), (result.RawUnchanged, result.Run.Unchanged, result.Run.Withdrawn, result.RowsWritten));
    }

    [Fact]
    public async Task One_changed_record_is_mapped_and_updated_while_the_other_rows_are_taken_raw()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 9).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: i % 2 == 0 ? "org-2" : "org-1")).ToArray();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        services[6]["name"] = "Sportello sette, nuova sede";

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        // 9 services, 9 locations, 2 organizations: svc-7 changed (its organization is named by rows taken raw, and
        // described as stored), everything else unchanged and counted once.
        Assert.Equal((8, false), (result.RawUnchanged, result.RawConflict));
        Assert.Equal((0, 1, 19, 0), (result.Run.Created, result.Run.Updated, result.Run.Unchanged, result.Run.Withdrawn));
        await using (var db = await harness.DbAsync())
        {
            var change = await db.ChangeLog.SingleAsync(c => c.ImportRunId == result.Run.Id);
            Assert.Equal(("Service", "name", "Sportello sette, nuova sede"), (change.EntityType, change.Field, change.NewValue));
        }

        var again = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        Assert.Equal((9, 20, 0), (again.RawUnchanged, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task A_row_describing_a_shared_organization_otherwise_is_rejected_as_when_every_row_is_mapped()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = new[] { Feeds.Service("svc-1", "Sportello uno"), Feeds.Service("svc-2", "Sportello due"), Feeds.Service("svc-3", "Sportello tre") };
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        services[2]["organization"]!["name"] = "Ente rinominato";
        var feed = harness.WriteFile("feed.json", Feeds.Array(services));

        var result = await harness.RunAsync(TestSources.Hsds(path: feed));
        var again = await harness.RunAsync(TestSources.Hsds(path: feed));

        // Rows 1 and 2 are unchanged and describe org-1 as stored: row 3 differs from row 1, which comes first.
        foreach (var run in new[] { result, again })
        {
            Assert.True(run.RawConflict);
            Assert.Equal((1, 0, 0), (run.Run.Rejected, run.Run.Updated, run.RowsWritten));
            var error = Assert.Single(run.Run.Errors);
            Assert.Equal((3, "organization 'org-1' differs from the one at row 1"), (error.Row, error.Message));
        }

        await using var db = await harness.DbAsync();
        Assert.Equal("Ente org-1", (await db.Organizations.SingleAsync(o => o.ExternalId == "org-1")).Name);
    }

    [Fact]
    public async Task Rows_whose_organization_changed_after_their_raw_fingerprint_are_mapped_and_rejected_again()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 6).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: i <= 3 ? "org-1" : "org-2")).ToArray();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        // The first row renames the shared organization; the next two still describe it the old way.
        services[0]["organization"]!["name"] = "Ente rinominato";
        var feed = harness.WriteFile("feed.json", Feeds.Array(services));

        var changed = await harness.RunAsync(TestSources.Hsds(path: feed));
        var again = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((2, 1, true), (changed.Run.Rejected, changed.Run.Updated, changed.RawConflict));
        // Rows 2 and 3 are as when their raw fingerprints were stored, but org-1 changed since: they are mapped, describe
        // it otherwise than the first row (taken raw: stored with the rename), so every row is checked again, mapped, and
        // they are rejected again.
        Assert.Equal((2, 0, 0, true), (again.Run.Rejected, again.Run.Updated, again.RowsWritten, again.RawConflict));
        Assert.Equal([2, 3], again.Run.Errors.Select(e => e.Row).Order());
        Assert.All(again.Run.Errors, e => Assert.Equal("organization 'org-1' differs from the one at row 1", e.Message));
        await using var db = await harness.DbAsync();
        Assert.Equal("Ente rinominato", (await db.Organizations.SingleAsync(o => o.ExternalId == "org-1")).Name);
        Assert.Equal(6, await db.Services.CountAsync(s => s.Source == "test-hsds" && s.WithdrawnAt == null));
    }

    [Fact]
    public async Task A_change_of_the_reference_data_makes_every_row_mapped_once()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        await using (var db = await harness.DbAsync())
        {
            // A comune the feed does not name: the comuni the rows are matched against are another set now.
            await db.Database.ExecuteSqlRawAsync("UPDATE Comuni SET Latitude = 40.5 WHERE IstatCode = (SELECT MAX(IstatCode) FROM Comuni)");
        }

        var dump = await harness.DumpAsync();

        var mapped = await harness.RunAsync(TestSources.Hsds(path: feed));

        // Every row mapped, found unchanged, and its new raw fingerprint stored (one row per service, once).
        Assert.Equal((0, 8, 0, 3), (mapped.RawUnchanged, mapped.Run.Unchanged, mapped.Run.Updated, mapped.RowsWritten));
        Assert.Equal(dump, await harness.DumpAsync());
        var again = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((3, 8, 0), (again.RawUnchanged, again.Run.Unchanged, again.RowsWritten));

        await using (var db = await harness.DbAsync())
        {
            db.Categories.Add(new Directory.Model.Taxonomy.Category { Code = "test.new-category", Name = "Nuova categoria" });
            await db.SaveChangesAsync();
        }

        var categories = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((0, 8, 3), (categories.RawUnchanged, categories.Run.Unchanged, categories.RowsWritten));
    }

    [Fact]
    public async Task A_change_of_the_owning_organization_makes_every_row_mapped_once()
    {
        await using var harness = await ImportHarness.CreateAsync();
        int owner;
        await using (var db = await harness.DbAsync())
        {
            var organization = new Directory.Model.Organizations.Organization { Name = "Regione Toscana" };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            owner = organization.Id;
        }

        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));

        var source = TestSources.Hsds(path: feed);
        source.OwnerOrganizationId = owner;
        var owned = await harness.RunAsync(source);
        var again = await harness.RunAsync(source);

        Assert.Equal((0, 8, 3), (owned.RawUnchanged, owned.Run.Unchanged, owned.RowsWritten));
        Assert.Equal((3, 8, 0), (again.RawUnchanged, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task A_withdrawn_record_that_comes_back_is_mapped_and_restored_the_others_taken_raw()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        var full = harness.WriteFile("full.json", Feeds.Array(services));
        await harness.RunAsync(TestSources.Hsds(path: full));
        var withdrawn = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("short.json", Feeds.Array(services[0], services[1]))));

        var back = await harness.RunAsync(TestSources.Hsds(path: full));
        var again = await harness.RunAsync(TestSources.Hsds(path: full));

        Assert.Equal((2, 2), (withdrawn.RawUnchanged, withdrawn.Run.Withdrawn));
        Assert.Equal((2, 2, 6, 0), (back.RawUnchanged, back.Run.Restored, back.Run.Unchanged, back.Run.Withdrawn));
        Assert.Equal((3, 8, 0), (again.RawUnchanged, again.Run.Unchanged, again.RowsWritten));
        await using var db = await harness.DbAsync();
        Assert.Equal(0, await db.Services.CountAsync(s => s.WithdrawnAt != null));
    }

    [Fact]
    public async Task A_record_a_person_edited_is_mapped_on_every_run_and_the_person_s_value_stays()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        await using (var db = await harness.DbAsync())
        {
            var location = await db.Locations.AsTracking().SingleAsync(l => l.ExternalId == "loc-svc-3");
            ManualEdits.Record(db, "Location", location.Id, "name", location.Name, "Sede (redazione)", "editor@example.org", DateTime.UtcNow);
            location.Name = "Sede (redazione)";
            await db.SaveChangesAsync();
        }

        var first = await harness.RunAsync(TestSources.Hsds(path: feed));
        var second = await harness.RunAsync(TestSources.Hsds(path: feed));

        // svc-3 points to the edited location: its row is mapped, the location compared, the person's value kept.
        foreach (var run in new[] { first, second })
        {
            Assert.Equal((2, 8, 1, 0), (run.RawUnchanged, run.Run.Unchanged, run.Run.Protected, run.RowsWritten));
        }

        await using (var db = await harness.DbAsync())
        {
            Assert.Equal("Sede (redazione)", (await db.Locations.SingleAsync(l => l.ExternalId == "loc-svc-3")).Name);
        }
    }

    [Fact]
    public async Task A_duplicate_row_is_rejected_whether_the_first_is_taken_raw_or_mapped()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        var feed = harness.WriteFile("feed.json", Feeds.Array(services[0], services[1], services[2], services[0]));

        var first = await harness.RunAsync(TestSources.Hsds(path: feed));
        var second = await harness.RunAsync(TestSources.Hsds(path: feed));

        foreach (var run in new[] { first, second })
        {
            var error = Assert.Single(run.Run.Errors);
            Assert.Equal((4, "duplicate service id 'svc-1' (first at row 1)"), (error.Row, error.Message));
        }

        Assert.Equal((3, 8, 0), (second.RawUnchanged, second.Run.Unchanged, second.RowsWritten));
    }

    [Fact]
    public async Task Dry_run_stores_no_raw_fingerprint()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        var before = await harness.DumpAsync();
        var raw = await RawFingerprintsAsync(harness);
        services[1]["description"] = "Descrizione nuova";
        var feed = harness.WriteFile("feed.json", Feeds.Array(services));

        var dry = await harness.RunAsync(TestSources.Hsds(path: feed), dryRun: true);

        Assert.Equal((2, 1), (dry.RawUnchanged, dry.Run.Updated));
        Assert.Equal(before, await harness.DumpAsync());
        Assert.Equal(raw, await RawFingerprintsAsync(harness));
        var real = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((2, 1), (real.RawUnchanged, real.Run.Updated));
        Assert.NotEqual(raw, await RawFingerprintsAsync(harness));
        var again = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((3, 0), (again.RawUnchanged, again.RowsWritten));
    }

    [Fact]
    public async Task Paged_list_single_service_and_byte_order_mark_are_read_raw_as_they_are_mapped()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        var page = harness.WriteFile("page.json", [.. bom, .. Encoding.UTF8.GetBytes(new JsonObject
        {
            ["total_items"] = 3,
            ["contents"] = new JsonArray([.. services.Select(s => s.DeepClone())]),
            ["last_page"] = true,
        }.ToJsonString())]);
        var single = harness.WriteFile("single.json", services[0].ToJsonString());

        var pageFirst = await harness.RunAsync(TestSources.Hsds(path: page, id: "paged"));
        var pageAgain = await harness.RunAsync(TestSources.Hsds(path: page, id: "paged"));
        var singleFirst = await harness.RunAsync(TestSources.Hsds(path: single, id: "single"));
        var singleAgain = await harness.RunAsync(TestSources.Hsds(path: single, id: "single"));

        Assert.Equal((ImportRunStatus.Succeeded, 3, 8), (pageFirst.Run.Status, pageFirst.Run.RowsRead, pageFirst.Run.Created));
        Assert.Equal((3, 8, 0), (pageAgain.RawUnchanged, pageAgain.Run.Unchanged, pageAgain.RowsWritten));
        Assert.Equal((ImportRunStatus.Succeeded, 1, 3), (singleFirst.Run.Status, singleFirst.Run.RowsRead, singleFirst.Run.Created));
        Assert.Equal((1, 3, 0), (singleAgain.RawUnchanged, singleAgain.Run.Unchanged, singleAgain.RowsWritten));
    }

    [Fact]
    public async Task Rows_longer_than_the_read_buffer_and_rows_across_its_end_are_read_whole()
    {
        await using var harness = await ImportHarness.CreateAsync();
        // About 1 KB per row, one of 1.2 MB: rows cross the 1 MB buffer's end, and one outgrows it.
        var services = Enumerable.Range(1, 2200).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: $"org-{i % 7}",
            description: i == 1500 ? new string('x', 1_200_000) : $"Descrizione {i}")).ToArray();
        var feed = harness.WriteFile("feed.json", Feeds.Array(services));

        var first = await harness.RunAsync(TestSources.Hsds(path: feed));
        var second = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((2200, 0, 4407), (first.Run.RowsRead, first.Run.Rejected, first.Run.Created));
        Assert.Equal((2200, 4407, 0), (second.RawUnchanged, second.Run.Unchanged, second.RowsWritten));
        await using var db = await harness.DbAsync();
        Assert.Equal(1_200_000, (await db.Services.SingleAsync(s => s.ExternalId == "svc-1500")).Description!.Length);
    }

    [Fact]
    public void Row_hash_ignores_whitespace_key_order_and_escaping_but_not_values_or_element_order()
    {
        static UInt128 Hash(string json) => HsdsRawReader.Hash(Encoding.UTF8.GetBytes(json));

        var row = Hash("""{"id":"a","name":"Sportello","list":[1,2],"nested":{"x":true,"y":null}}""");

        Assert.Equal(row, Hash("""{ "nested" : { "y" : null , "x" : true } , "list" : [ 1 , 2 ] , "name" : "Sportello" , "id" : "a" }"""));
        Assert.Equal(row, Hash("""{"id":"\u0061","name":"Sportello","list":[1,2],"nested":{"x":true,"y":null}}"""));
        Assert.NotEqual(row, Hash("""{"id":"a","name":"Sportello","list":[2,1],"nested":{"x":true,"y":null}}"""));
        Assert.NotEqual(row, Hash("""{"id":"a","name":"Sportello ","list":[1,2],"nested":{"x":true,"y":null}}"""));
        Assert.NotEqual(row, Hash("""{"id":"a","name":"Sportello","list":[1,2],"nested":{"x":false,"y":null}}"""));
        Assert.NotEqual(row, Hash("""{"id":"a","name":"Sportello","list":[1,2],"nested":{"y":true,"x":null}}"""));
        Assert.NotEqual(row, Hash("""{"id":"a","name":"Sportello","list":[1,2],"nested":{"x":true,"y":null},"extra":null}"""));
        Assert.NotEqual(row, Hash("""{"id":"a","name":"Sportello","list":[1,2],"nested":{"x":"true","y":null}}"""));
        Assert.NotEqual(Hash("""{"a":{"b":1},"c":{"d":2}}"""), Hash("""{"a":{"d":2},"c":{"b":1}}"""));
        Assert.NotEqual(Hash("""[[1],[2]]"""), Hash("""[[1,2]]"""));

        // A property's name and scalar value are hashed in one call: where one ends and the other starts, and the
        // value's kind, still count; a name is unescaped as a value is.
        Assert.NotEqual(Hash("""{"ab":"c"}"""), Hash("""{"a":"bc"}"""));
        Assert.NotEqual(Hash("""{"a":"1"}"""), Hash("""{"a":1}"""));
        Assert.NotEqual(Hash("""{"a":"null"}"""), Hash("""{"a":null}"""));
        Assert.NotEqual(Hash("""{"a":1}"""), Hash("""{"a":[1]}"""));
        Assert.NotEqual(Hash("""{"a":{}}"""), Hash("""{"a":[]}"""));
        Assert.NotEqual(Hash("""["ab"]"""), Hash("""["a","b"]"""));
        Assert.NotEqual(Hash("""[1,[]]"""), Hash("""[[],1]"""));
        Assert.NotEqual(Hash("""{"a":1,"b":2}"""), Hash("""{"a":2,"b":1}"""));
        Assert.Equal(Hash("""{"a":1}"""), Hash("""{"\u0061":1}"""));
        Assert.Equal(Hash("""{"a":"é"}"""), Hash("""{"a":"\u00e9"}"""));
        Assert.NotEqual(Hash("\"a\""), Hash("""{"a":null}"""));
        Assert.Equal(Hash("\"x\""), Hash(" \"x\" "));

        // Values longer than the hashing buffer's first size.
        var longValue = new string('x', 5000);
        Assert.Equal(Hash($$"""{"a":"{{longValue}}","b":[1]}"""), Hash($$"""{"b":[1],"a":"{{longValue}}"}"""));
        Assert.NotEqual(Hash($$"""{"a":"{{longValue}}"}"""), Hash($$"""{"a":"{{longValue}}y"}"""));
    }

    private static async Task<string> RawFingerprintsAsync(ImportHarness harness)
    {
        await using var db = await harness.DbAsync();
        var rows = await db.RecordProvenance.Where(p => p.EntityType == "Service").OrderBy(p => p.ExternalId).Select(p => new { p.ExternalId, p.RawFingerprint, p.RawRunId }).ToListAsync();
        return string.Join("\n", rows.Select(r => $"{r.ExternalId} {Convert.ToHexString(r.RawFingerprint ?? [])} {r.RawRunId}"));
    }

    /// <summary>The same JSON with every object's properties in reverse order.</summary>
    private static JsonNode? Reversed(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reversed(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Reversed)]),
        null => null,
        _ => node.DeepClone(),
    };
}
