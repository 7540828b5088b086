using System.Text.Json;
using Directory.Importers.Formats;
using Directory.Importers.Sync;
using Directory.Model.Common;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

public sealed class HsdsImportTests
{
    [Fact]
    public async Task Hsds_feed_stores_services_with_organization_locations_hours_phones_languages_and_categories()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var result = await harness.RunAsync(TestSources.Hsds(path: TestSources.SeedFeed("toscana-sportelli.hsds.json")));

        Assert.Equal(ImportRunStatus.Succeeded, result.Run.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((2, 6, 0), (result.Run.RowsRead, result.Run.Created, result.Run.Rejected));
        await using var db = await harness.DbAsync();
        var prato = await db.Services.Include(s => s.Organization).Include(s => s.Phones).Include(s => s.Categories).ThenInclude(c => c.Category)
            .Include(s => s.ServiceAtLocations).ThenInclude(a => a.Location).Include(s => s.ServiceAtLocations).ThenInclude(a => a.Schedules)
            .SingleAsync(s => s.ExternalId == "pr-sportello-immigrazione");
        Assert.Equal("test-hsds", prato.Source);
        Assert.Equal("Comune di Prato", prato.Organization!.Name);
        Assert.Equal(["it", "zh", "en"], prato.Languages);
        Assert.Equal(["information.migrant-desk", "legal.residence-permit"], prato.Categories.Select(c => c.Category!.Code).Order());
        Assert.Equal("+39 0574 000001", Assert.Single(prato.Phones).Number);
        var link = Assert.Single(prato.ServiceAtLocations);
        Assert.Equal(("100005", prato.OrganizationId), (link.Location!.ComuneIstatCode, link.Location.OrganizationId));
        Assert.Equal(CoordinateQuality.Exact, link.Location.CoordinateQuality);
        Assert.Equal(4, link.Schedules.Count);
        Assert.Contains(link.Schedules, s => s.DayOfWeek == DayOfWeek.Tuesday && s.Opens == new TimeOnly(14, 30) && s.Note == "Solo su appuntamento");

        // Matched by the ISTAT code in external_identifier; no coordinates, so the comune's centroid, flagged.
        var pisa = await db.Locations.SingleAsync(l => l.ExternalId == "pi-via-saragat");
        Assert.Equal("050026", pisa.ComuneIstatCode);
        Assert.Equal(CoordinateQuality.ComuneCentroid, pisa.CoordinateQuality);
        Assert.Equal(43.70853, pisa.Latitude);

        var provenance = await db.RecordProvenance.SingleAsync(p => p.EntityType == "Service" && p.EntityKey == prato.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("test-hsds", "pr-sportello-immigrazione", result.Run.Id), (provenance.SourceId, provenance.ExternalId, provenance.FirstRunId));
    }

    [Fact]
    public async Task Second_run_of_the_same_feed_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        var first = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal(8, first.Run.Created); // 3 services, 2 organizations, 3 locations
        var before = await harness.DumpAsync();

        var second = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal(ImportRunStatus.Succeeded, second.Run.Status);
        Assert.Equal((0, 0, 8), (second.Run.Created, second.Run.Updated, second.Run.Unchanged));
        Assert.Equal(0, second.RowsWritten);
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Changed_field_is_written_alone_with_a_change_log_entry_and_provenance()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        services[1]["description"] = "Nuova descrizione";

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        Assert.Equal((0, 1, 7), (result.Run.Created, result.Run.Updated, result.Run.Unchanged));
        await using var db = await harness.DbAsync();
        var service = await db.Services.SingleAsync(s => s.ExternalId == "svc-2");
        Assert.Equal(("Nuova descrizione", 2L), (service.Description, service.Revision));
        var key = service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var change = await db.ChangeLog.SingleAsync(c => c.ImportRunId == result.Run.Id);
        Assert.Equal(("Service", key, "description", "Descrizione", "Nuova descrizione", "test-hsds"), (change.EntityType, change.EntityKey, change.Field, change.OldValue, change.NewValue, change.ChangedBy));
        var field = await db.FieldProvenance.SingleAsync(p => p.EntityType == "Service" && p.EntityKey == key && p.Field == "description");
        Assert.Equal((ChangeAuthorKind.Import, result.Run.Id), (field.SetByKind, field.ImportRunId));
        Assert.Equal(1L, (await db.Services.SingleAsync(s => s.ExternalId == "svc-1")).Revision);
    }

    [Fact]
    public async Task Dry_run_reports_what_would_change_and_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        var before = await harness.DumpAsync();
        services[0]["name"] = "Sportello uno (nuova sede)";

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[0], services[1], Feeds.Service("svc-4", "Sportello quattro")))), dryRun: true);

        Assert.True(result.Run.IsDryRun);
        Assert.Equal((2, 1, 2), (result.Run.Created, result.Run.Updated, result.Run.Withdrawn)); // svc-4 and its location; svc-1; svc-3 and its location
        Assert.Contains("updated Service svc-1 name: 'Sportello uno' → 'Sportello uno (nuova sede)'", result.Examples);
        Assert.Contains("withdrawn Service svc-3", result.Examples);
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Record_missing_from_a_full_feed_is_withdrawn_and_restored_when_it_comes_back()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        var dropped = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[0], services[1]))));

        Assert.Equal(2, dropped.Run.Withdrawn); // svc-3 and its location
        await using (var db = await harness.DbAsync())
        {
            var withdrawn = await db.Services.SingleAsync(s => s.ExternalId == "svc-3");
            Assert.NotNull(withdrawn.WithdrawnAt);
            Assert.Equal("Sportello tre", withdrawn.Name);
            Assert.Single(await db.ServiceAtLocations.Where(a => a.ServiceId == withdrawn.Id).ToListAsync());
        }

        var back = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        Assert.Equal((2, 0, 0), (back.Run.Restored, back.Run.Created, back.Run.Withdrawn));
        await using (var db = await harness.DbAsync())
        {
            Assert.Null((await db.Services.SingleAsync(s => s.ExternalId == "svc-3")).WithdrawnAt);
            Assert.Equal(3, await db.Services.CountAsync(s => s.Source == "test-hsds"));
            Assert.Equal(["withdrawn", "current"], await db.ChangeLog.Where(c => c.EntityType == "Service" && c.Field == "record" && c.OldValue != null).OrderBy(c => c.Id).Select(c => c.NewValue).ToListAsync());
        }
    }

    [Fact]
    public async Task Feed_change_after_a_manual_edit_keeps_the_person_s_value_and_updates_the_other_fields()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        await using (var db = await harness.DbAsync())
        {
            var service = await db.Services.AsTracking().SingleAsync(s => s.ExternalId == "svc-1");
            ManualEdits.Record(db, "Service", service.Id, "description", service.Description, "Corretto dalla redazione", "editor@example.org", DateTime.UtcNow);
            service.Description = "Corretto dalla redazione";
            await db.SaveChangesAsync();
        }

        services[0]["description"] = "Descrizione del partner";
        services[0]["name"] = "Sportello uno bis";
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        Assert.Equal((1, 1), (result.Run.Updated, result.Run.Protected));
        await using (var db = await harness.DbAsync())
        {
            var service = await db.Services.SingleAsync(s => s.ExternalId == "svc-1");
            Assert.Equal(("Sportello uno bis", "Corretto dalla redazione"), (service.Name, service.Description));
            Assert.Equal(["description", "name"], await db.ChangeLog.Where(c => c.EntityType == "Service" && c.Field != "record").OrderBy(c => c.Field).Select(c => c.Field).ToListAsync());
        }

        // And again: the protected difference is not a change, so nothing is written.
        var again = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        Assert.Equal((0, 1, 0), (again.Run.Updated, again.Run.Protected, again.RowsWritten));
    }

    [Fact]
    public async Task Published_HSDS_example_is_read_field_by_field()
    {
        // examples/service_full.json of openreferral/specification: a complete HSDS 3.0 service record.
        var path = Path.Combine(Infrastructure.RepositoryPaths.Root, "Directory.Tests", "Importing", "Data", "hsds-service_full.json");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var item = HsdsJsonReader.Read(1, document.RootElement);

        Assert.Empty(item.Problems);
        var service = Assert.IsType<ImportedService>(item.Record);
        Assert.Equal(("ac148810-d857-441c-9679-408f346de14b", "Community Counselling", "MyCity Counselling Services"), (service.ExternalId, service.Name, service.AlternateName));
        Assert.Equal(("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "Example Organization Inc.", "http://example.com"), (service.Organization!.ExternalId, service.Organization.Name, service.Organization.Website));
        Assert.Equal((12, 100, ServiceStatus.Active), (service.MinimumAge, service.MaximumAge, service.Status));
        Assert.Equal(["ur"], service.Languages);
        Assert.Equal(["code"], service.CategoryCodes);
        Assert.Equal(("voice", "100"), (Assert.Single(service.Phones).Type.ToString().ToLowerInvariant(), service.Phones[0].Extension));
        var link = Assert.Single(service.Locations);
        Assert.Equal(("3a19ff88-4620-4d17-9830-ac1d859eb5d5", "MyCity Civic Center", "1-30 Main Street", "MyVillage", "ABC 1234"),
            (link.Location.ExternalId, link.Location.Name, link.Location.AddressLine1, link.Location.AddressLine2, link.Location.PostalCode));
        Assert.Equal(("MyCity", "MyState", 100.0, 101.0), (link.Location.Comune.Name, link.Location.Comune.Province, link.Location.Latitude, link.Location.Longitude));
        Assert.Equal([DayOfWeek.Thursday, DayOfWeek.Friday], link.Schedules.Select(s => s.Day));
        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(18, 0), new DateOnly(2005, 1, 1)), (link.Schedules[0].Opens, link.Schedules[0].Closes, link.Schedules[0].ValidFrom));

        // An example from elsewhere does not fit Italian data: rejected with reasons, and nothing is written.
        await using var harness = await ImportHarness.CreateAsync();
        var before = await harness.DumpAsync();
        var result = await harness.RunAsync(TestSources.Hsds(path: path));
        Assert.Equal((ImportRunStatus.Aborted, 2), (result.Run.Status, result.ExitCode));
        Assert.Contains(result.Run.Errors, e => e.Field == "location.latitude" && e.Message == "latitude 100 is out of range");
        Assert.Contains(result.Run.Errors, e => e.Field == "location.comune" && e.Message == "no comune is named 'MyCity'");
        Assert.Contains(result.Run.Errors, e => e.Field == "categories" && e.Message == "unknown category code 'code'");
        Assert.Equal(before, await harness.DumpAsync());
    }
}
