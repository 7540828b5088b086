using Directory.Importers;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Importing;

/// <summary>
/// Unchanged records are recognised in the checking pass: an unchanged feed is read once, and the storing pass reads
/// only the rows that name a new or changed record. What is stored, counted and logged stays what it was.
/// </summary>
public sealed class SinglePassTests
{
    [Fact]
    public async Task Unchanged_feed_is_read_once_and_counted_unchanged()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        var before = await harness.DumpAsync();

        var (result, phases) = await RunWithPhasesAsync(harness, feed);

        Assert.Equal((0, 0, 8, 0, 0), (result.Run.Created, result.Run.Updated, result.Run.Unchanged, result.Run.Withdrawn, result.RowsWritten));
        Assert.Contains(ImportPhase.Checking, phases);
        Assert.DoesNotContain(ImportPhase.Writing, phases);
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Only_the_changed_record_is_stored_when_one_of_many_changed()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Enumerable.Range(1, 9).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}", organizationId: i % 2 == 0 ? "org-2" : "org-1")).ToArray();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        services[6]["name"] = "Sportello sette, nuova sede";

        var (result, phases) = await RunWithPhasesAsync(harness, harness.WriteFile("feed.json", Feeds.Array(services)));

        // 9 services, 9 locations, 2 organizations: one service changed, everything else unchanged and counted once.
        Assert.Equal((0, 1, 19, 0), (result.Run.Created, result.Run.Updated, result.Run.Unchanged, result.Run.Withdrawn));
        Assert.Contains(ImportPhase.Writing, phases);
        await using var db = await harness.DbAsync();
        var change = await db.ChangeLog.SingleAsync(c => c.ImportRunId == result.Run.Id);
        Assert.Equal(("Service", "name", "Sportello sette, nuova sede"), (change.EntityType, change.Field, change.NewValue));
        var changed = await db.Services.SingleAsync(s => s.ExternalId == "svc-7");
        Assert.Equal((2L, "Sportello sette, nuova sede"), (changed.Revision, changed.Name));
        Assert.Equal(8, await db.Services.CountAsync(s => s.Source == "test-hsds" && s.Revision == 1));
    }

    [Fact]
    public async Task Changed_location_of_an_unchanged_service_is_updated_and_the_service_left_alone()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        services[2]["service_at_locations"]![0]!["location"]!["name"] = "Sede nuova";

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        Assert.Equal((0, 1, 7), (result.Run.Created, result.Run.Updated, result.Run.Unchanged));
        await using var db = await harness.DbAsync();
        var change = await db.ChangeLog.SingleAsync(c => c.ImportRunId == result.Run.Id);
        Assert.Equal(("Location", "name", "Sede nuova"), (change.EntityType, change.Field, change.NewValue));
        Assert.Equal(1L, (await db.Services.SingleAsync(s => s.ExternalId == "svc-3")).Revision);
    }

    [Fact]
    public async Task Withdrawn_records_of_an_otherwise_unchanged_feed_are_restored()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        var full = harness.WriteFile("full.json", Feeds.Array(services));
        await harness.RunAsync(TestSources.Hsds(path: full));
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("short.json", Feeds.Array(services[0], services[1]))));

        var back = await harness.RunAsync(TestSources.Hsds(path: full));

        Assert.Equal((2, 6, 0, 0), (back.Run.Restored, back.Run.Unchanged, back.Run.Withdrawn, back.Run.Updated));
        await using var db = await harness.DbAsync();
        Assert.Equal(0, await db.Services.CountAsync(s => s.Source == "test-hsds" && s.WithdrawnAt != null));
        Assert.Equal(0, await db.Locations.CountAsync(l => l.Source == "test-hsds" && l.WithdrawnAt != null));
        var again = await harness.RunAsync(TestSources.Hsds(path: full));
        Assert.Equal((0, 8, 0), (again.Run.Restored, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task Record_a_person_edited_is_compared_even_when_the_feed_did_not_change()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        await using (var db = await harness.DbAsync())
        {
            var service = await db.Services.AsTracking().SingleAsync(s => s.ExternalId == "svc-2");
            ManualEdits.Record(db, "Service", service.Id, "name", service.Name, "Sportello due (redazione)", "editor@example.org", DateTime.UtcNow);
            service.Name = "Sportello due (redazione)";
            await db.SaveChangesAsync();
        }

        var result = await harness.RunAsync(TestSources.Hsds(path: feed));

        // The fingerprint is the stored one, but a person set a field: the record is compared, and the person's value wins.
        Assert.Equal((0, 8, 1, 0), (result.Run.Updated, result.Run.Unchanged, result.Run.Protected, result.RowsWritten));
        await using (var db = await harness.DbAsync())
        {
            Assert.Equal("Sportello due (redazione)", (await db.Services.SingleAsync(s => s.ExternalId == "svc-2")).Name);
        }
    }

    [Fact]
    public async Task Dry_run_of_a_partly_changed_feed_counts_from_both_passes_and_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        var before = await harness.DumpAsync();
        services[1]["description"] = "Descrizione nuova";

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[0], services[1], Feeds.Service("svc-4", "Sportello quattro")))), dryRun: true);

        // svc-4 and its location created; svc-2 updated; svc-1, its location, org-1, org-2 and svc-2's location unchanged; svc-3 and its location withdrawn.
        Assert.Equal((2, 1, 5, 2), (result.Run.Created, result.Run.Updated, result.Run.Unchanged, result.Run.Withdrawn));
        Assert.Contains("updated Service svc-2 description: 'Descrizione' → 'Descrizione nuova'", result.Examples);
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Organization_first_described_by_a_rejected_row_is_counted_once()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var rejected = Feeds.Service("svc-1", "Sportello uno");
        rejected["attributes"]![0]!["taxonomy_term"]!["code"] = "no.such-category";
        var feed = harness.WriteFile("feed.json", Feeds.Array(rejected, Feeds.Service("svc-2", "Sportello due"), Feeds.Service("svc-3", "Sportello tre")));
        var first = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((5, 1), (first.Run.Created, first.Run.Rejected));

        var second = await harness.RunAsync(TestSources.Hsds(path: feed));

        // org-1 is first described by the rejected row, so the storing pass decides it (unchanged), once; the rest is
        // unchanged in the checking pass. Nothing is written, and nothing named by the rejected row is withdrawn.
        Assert.Equal((0, 0, 5, 0, 1), (second.Run.Created, second.Run.Updated, second.Run.Unchanged, second.Run.Withdrawn, second.Run.Rejected));
        Assert.Equal(0, second.RowsWritten);
    }

    [Fact]
    public async Task Service_of_a_new_organization_is_not_taken_for_unchanged()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        services[2]["organization"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "org-3", ["name"] = "Ente nuovo" };

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        // org-3 created; svc-3 moves to it and its location follows (the location is stored under the service's organization).
        Assert.Equal((1, 2, 6), (result.Run.Created, result.Run.Updated, result.Run.Unchanged));
        await using var db = await harness.DbAsync();
        var service = await db.Services.Include(s => s.Organization).SingleAsync(s => s.ExternalId == "svc-3");
        Assert.Equal("org-3", service.Organization!.ExternalId);
    }

    [Fact]
    public async Task Rows_inserted_past_the_change_tracker_store_values_as_EF_Core_binds_them()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()))));
        await using var db = await harness.DbAsync();
        var service = await db.Services.SingleAsync(s => s.ExternalId == "svc-1");
        var entry = await db.ChangeLog.FirstAsync(c => c.ImportRunId == result.Run.Id);
        var provenance = await db.RecordProvenance.FirstAsync(p => p.EntityType == "Service");

        // Each query binds the value read back through EF Core and compares it with the stored text or blob in SQL:
        // a row stored in another format (dates, times, enums, lists, blobs) would not be found.
        Assert.Equal(service.Id, await db.Services.Where(s => s.CreatedAt == service.CreatedAt && s.UpdatedAt == service.UpdatedAt && s.Status == service.Status).Select(s => s.Id).SingleAsync());
        Assert.Equal(3, await db.Schedules.CountAsync(x => x.Opens == new TimeOnly(9, 0) && x.Closes == new TimeOnly(12, 0) && x.DayOfWeek == DayOfWeek.Monday));
        Assert.Equal(entry.Id, await db.ChangeLog.Where(c => c.Id == entry.Id && c.ChangedAt == entry.ChangedAt && c.ChangedByKind == ChangeAuthorKind.Import).Select(c => c.Id).SingleAsync());
        Assert.Equal(1, await db.RecordProvenance.CountAsync(p => p.Fingerprint == provenance.Fingerprint && p.FirstSeenAt == provenance.FirstSeenAt));
        Assert.Equal(["it", "en"], service.Languages);
        Assert.Equal(1L, service.Revision);
    }

    private static async Task<(ImportResult Result, List<ImportPhase> Phases)> RunWithPhasesAsync(ImportHarness harness, string feed)
    {
        var phases = new List<ImportPhase>();
        var progress = new Recorder(p => phases.Add(p.Phase));
        var result = await harness.Services.GetRequiredService<ImportPipeline>().RunAsync(TestSources.Hsds(path: feed), false, progress, CancellationToken.None);
        Assert.Equal(ImportRunStatus.Succeeded, result.Run.Status);
        return (result, phases);
    }

    /// <summary>Records progress reports on the caller's thread.</summary>
    private sealed class Recorder(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
