using System.Text.Json.Nodes;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

/// <summary>
/// Content fingerprints: an unchanged record is recognised without being compared field by field, and everything
/// else still goes through the comparison (changed records, records that point to a changed one, records stored
/// before fingerprints existed).
/// </summary>
public sealed class FingerprintTests
{
    [Fact]
    public async Task Every_imported_record_gets_a_fingerprint_and_only_a_changed_record_gets_a_new_one()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        var before = await FingerprintsAsync(harness);
        Assert.Equal(8, before.Count);
        Assert.All(before.Values, f => Assert.Equal(32, f.Length));
        Assert.Equal(8, before.Values.Select(Convert.ToHexString).Distinct().Count());

        services[1]["name"] = "Sportello due, nuova sede";
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        Assert.Equal((1, 7, 0), (result.Run.Updated, result.Run.Unchanged, result.Run.Created));
        var after = await FingerprintsAsync(harness);
        var changed = after.Where(p => !p.Value.AsSpan().SequenceEqual(before[p.Key])).Select(p => p.Key).ToList();
        Assert.Equal([("Service", "svc-2")], changed);
    }

    [Fact]
    public async Task Records_stored_before_fingerprints_get_one_written_once_and_nothing_else()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        await using (var db = await harness.DbAsync())
        {
            // As the database was before the RecordFingerprint migration.
            await db.Database.ExecuteSqlRawAsync("UPDATE RecordProvenance SET Fingerprint = NULL");
        }

        var dump = await harness.DumpAsync();
        var lastRuns = await LastRunsAsync(harness);

        var upgrade = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((ImportRunStatus.Succeeded, 0, 0, 8), (upgrade.Run.Status, upgrade.Run.Created, upgrade.Run.Updated, upgrade.Run.Unchanged));
        Assert.Equal(8, upgrade.RowsWritten); // one fingerprint per record, no change-log entry, no record touched
        Assert.Equal(dump, await harness.DumpAsync());
        Assert.Equal(lastRuns, await LastRunsAsync(harness));
        Assert.Equal(8, (await FingerprintsAsync(harness)).Count);

        var again = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((0, 8, 0), (again.Run.Updated, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task Stale_fingerprint_is_replaced_once_when_the_record_compares_equal()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        await harness.RunAsync(TestSources.Hsds(path: feed));
        var fingerprints = await FingerprintsAsync(harness);
        await using (var db = await harness.DbAsync())
        {
            // As after a change of the way fingerprints are computed (Fingerprints.Version): stored, but another one; every
            // raw fingerprint includes the version, so they are all another one too.
            await db.Database.ExecuteSqlRawAsync("UPDATE RecordProvenance SET Fingerprint = zeroblob(32) WHERE EntityType = 'Service'");
            await db.Database.ExecuteSqlRawAsync("UPDATE RecordProvenance SET RawFingerprint = zeroblob(16) WHERE RawFingerprint IS NOT NULL");
        }

        var dump = await harness.DumpAsync();

        var upgrade = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((0, 0, 8, 3), (upgrade.Run.Created, upgrade.Run.Updated, upgrade.Run.Unchanged, upgrade.RowsWritten)); // the 3 services' fingerprints
        Assert.Equal(dump, await harness.DumpAsync());
        var after = await FingerprintsAsync(harness);
        Assert.All(fingerprints, p => Assert.Equal(p.Value, after[p.Key]));

        var again = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal((0, 8, 0), (again.Run.Updated, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task A_shared_location_changed_in_the_feed_is_updated_while_the_services_naming_it_stay_unchanged()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        // svc-1 and svc-3 are delivered at the same place, described the same way by both rows.
        services[2]["service_at_locations"] = services[0]["service_at_locations"]!.DeepClone();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        var serviceRevisions = await ServiceRevisionsAsync(harness);

        foreach (var service in new[] { services[0], services[2] })
        {
            var address = (JsonObject)service["service_at_locations"]![0]!["location"]!["addresses"]![0]!;
            address["address_1"] = "Piazza del Comune 2";
        }

        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        // 3 services, 2 organizations, 2 locations: only the shared location changed.
        Assert.Equal((ImportRunStatus.Succeeded, 1, 6, 0), (result.Run.Status, result.Run.Updated, result.Run.Unchanged, result.Run.Created));
        await using var db = await harness.DbAsync();
        var location = await db.Locations.SingleAsync(l => l.ExternalId == "loc-svc-1");
        Assert.Equal("Piazza del Comune 2", location.AddressLine1);
        Assert.Equal(["addressLine1"], await db.ChangeLog.Where(c => c.ImportRunId == result.Run.Id).Select(c => c.Field).ToListAsync());
        Assert.Equal(serviceRevisions, await ServiceRevisionsAsync(harness));
        var linked = await db.ServiceAtLocations.Where(a => a.LocationId == location.Id).Select(a => a.Service!.ExternalId).OrderBy(x => x).ToListAsync();
        Assert.Equal(["svc-1", "svc-3"], linked);

        var again = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        Assert.Equal((0, 7, 0), (again.Run.Updated, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task A_withdrawn_record_that_comes_back_unchanged_is_restored_and_a_dry_run_of_a_change_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services[0], services[1]))));

        services[0]["description"] = "Nuova descrizione";
        var dump = await harness.DumpAsync();
        var dry = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))), dryRun: true);

        // svc-3 and its location come back with the fingerprint they had: still restored, since they were withdrawn.
        Assert.Equal((2, 1), (dry.Run.Restored, dry.Run.Updated));
        Assert.Equal(dump, await harness.DumpAsync());

        var real = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));
        Assert.Equal((2, 1, 0), (real.Run.Restored, real.Run.Updated, real.Run.Withdrawn));
        await using var db = await harness.DbAsync();
        Assert.Null((await db.Services.SingleAsync(s => s.ExternalId == "svc-3")).WithdrawnAt);
        Assert.Equal("Nuova descrizione", (await db.Services.SingleAsync(s => s.ExternalId == "svc-1")).Description);
    }

    [Fact]
    public async Task Same_rows_under_another_owning_organization_are_updated_not_counted_unchanged()
    {
        await using var harness = await ImportHarness.CreateAsync();
        int first, second;
        await using (var db = await harness.DbAsync())
        {
            var a = new Directory.Model.Organizations.Organization { Name = "Comune di Prato" };
            var b = new Directory.Model.Organizations.Organization { Name = "Provincia di Prato" };
            db.AddRange(a, b);
            await db.SaveChangesAsync();
            (first, second) = (a.Id, b.Id);
        }

        // Rows without an organization belong to the source's owner: the owner is part of what the rows mean.
        var csv = harness.WriteFile("desks.csv", "id;nome;comune;prov\nD1;Sportello scuole;Prato;PO\n");
        var mapping = harness.WriteFile("mapping.json", """
            { "delimiter": ";", "columns": { "id": "service.id", "nome": "service.name", "comune": "location.comune", "prov": "location.province" },
              "defaults": { "service.categories": "information.school-desk" } }
            """);
        var source = TestSources.Csv(csv, mapping);
        source.OwnerOrganizationId = first;
        var created = await harness.RunAsync(source);
        Assert.Equal((ImportRunStatus.Succeeded, 2), (created.Run.Status, created.Run.Created)); // a service and its place

        source.OwnerOrganizationId = second;
        var moved = await harness.RunAsync(source);

        Assert.Equal((ImportRunStatus.Succeeded, 2, 0), (moved.Run.Status, moved.Run.Updated, moved.Run.Unchanged)); // the service and its place
        await using (var db = await harness.DbAsync())
        {
            Assert.Equal(second, (await db.Services.SingleAsync(s => s.ExternalId == "D1")).OrganizationId);
        }

        var again = await harness.RunAsync(source);
        Assert.Equal((0, 2, 0), (again.Run.Updated, again.Run.Unchanged, again.RowsWritten));
    }

    [Fact]
    public async Task Rows_inserted_past_the_change_tracker_are_stored_as_SaveChanges_stores_them()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var result = await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()))));
        Assert.Equal(8, result.Run.Created);

        // A copy of each imported row, stored through the change tracker, must read the same column by column:
        // same storage classes, same values (timestamps: same format).
        await using var db = await harness.DbAsync();
        var service = await db.Services.AsNoTracking().FirstAsync(s => s.ExternalId == "svc-1");
        var location = await db.Locations.AsNoTracking().FirstAsync(l => l.ExternalId == "loc-svc-1");
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.ExternalId == "org-1");
        var link = await db.ServiceAtLocations.AsNoTracking().FirstAsync(a => a.ServiceId == service.Id);
        var schedule = await db.Schedules.AsNoTracking().FirstAsync(x => x.ServiceAtLocationId == link.Id);
        var phone = await db.Phones.AsNoTracking().FirstAsync(p => p.ServiceId == service.Id);
        var change = await db.ChangeLog.AsNoTracking().FirstAsync(c => c.EntityType == "Service");
        var provenance = await db.RecordProvenance.AsNoTracking().FirstAsync(p => p.EntityType == "Service");
        var originals = new (string Table, string Key)[]
        {
            ("Services", $"Id = {service.Id}"), ("Locations", $"Id = {location.Id}"), ("Organizations", $"Id = {organization.Id}"),
            ("ServiceAtLocations", $"Id = {link.Id}"), ("Schedules", $"Id = {schedule.Id}"), ("Phones", $"Id = {phone.Id}"),
            ("ChangeLog", $"Id = {change.Id}"), ("RecordProvenance", $"EntityType = 'Service' AND EntityKey = '{provenance.EntityKey}'"),
        };

        (service.Id, service.ExternalId) = (0, "copy-svc");
        (location.Id, location.ExternalId) = (0, "copy-loc");
        (organization.Id, organization.ExternalId) = (0, "copy-org");
        (link.Id, link.ExternalId) = (0, "copy-link");
        schedule.Id = 0;
        phone.Id = 0;
        change.Id = 0;
        provenance.EntityKey = "copy";
        db.AddRange(service, location, organization, schedule, phone, change, provenance);
        await db.SaveChangesAsync();
        link.ServiceId = service.Id; // (service, location) is unique
        db.Add(link);
        await db.SaveChangesAsync();
        var copies = new[]
        {
            $"Id = {service.Id}", $"Id = {location.Id}", $"Id = {organization.Id}", $"Id = {link.Id}", $"Id = {schedule.Id}", $"Id = {phone.Id}",
            $"Id = {change.Id}", "EntityType = 'Service' AND EntityKey = 'copy'",
        };

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        for (var i = 0; i < originals.Length; i++)
        {
            var (table, key) = originals[i];
            var original = await RowAsync(connection, table, key);
            var copy = await RowAsync(connection, table, copies[i]);
            foreach (var (column, value) in original)
            {
                if (column is "Id" or "ExternalId" or "EntityKey" or "ServiceId" or "LocationId" or "OrganizationId" or "ServiceAtLocationId")
                {
                    continue;
                }

                var expected = column.EndsWith("At", StringComparison.Ordinal) ? Shape(copy[column]) : copy[column];
                var actual = column.EndsWith("At", StringComparison.Ordinal) ? Shape(value) : value;
                Assert.True(expected == actual, $"{table}.{column}: imported {value}, through SaveChanges {copy[column]}");
            }
        }
    }

    /// <summary>Every column of one row as "storage class: quoted value".</summary>
    private static async Task<Dictionary<string, string>> RowAsync(System.Data.Common.DbConnection connection, string table, string where)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE {where}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{table} {where}");
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        await reader.DisposeAsync();
        await using var quoted = connection.CreateCommand();
        quoted.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"typeof(\"{c}\") || ': ' || quote(\"{c}\")"))} FROM \"{table}\" WHERE {where}";
        await using var values = await quoted.ExecuteReaderAsync();
        await values.ReadAsync();
        return columns.Select((c, i) => (c, values.GetString(i))).ToDictionary(x => x.c, x => x.Item2);
    }

    /// <summary>A timestamp's format: digits masked, fraction of a second (its trailing zeros are not written) as one mark.</summary>
    private static string Shape(string value) =>
        System.Text.RegularExpressions.Regex.Replace(new string([.. value.Select(c => char.IsAsciiDigit(c) ? '9' : c)]), @"\.9+", ".f");

    private static async Task<Dictionary<(string Type, string ExternalId), byte[]>> FingerprintsAsync(ImportHarness harness)
    {
        await using var db = await harness.DbAsync();
        var rows = await db.RecordProvenance.Where(p => p.Fingerprint != null).Select(p => new { p.EntityType, p.ExternalId, p.Fingerprint }).ToListAsync();
        return rows.ToDictionary(p => (p.EntityType, p.ExternalId), p => p.Fingerprint!);
    }

    private static async Task<List<string>> LastRunsAsync(ImportHarness harness)
    {
        await using var db = await harness.DbAsync();
        return await db.RecordProvenance.OrderBy(p => p.EntityType).ThenBy(p => p.EntityKey).Select(p => p.EntityType + p.EntityKey + " " + p.LastRunId + " " + p.LastChangedAt).ToListAsync();
    }

    private static async Task<List<string>> ServiceRevisionsAsync(ImportHarness harness)
    {
        await using var db = await harness.DbAsync();
        return await db.Services.OrderBy(s => s.Id).Select(s => s.ExternalId + " " + s.Revision + " " + s.UpdatedAt).ToListAsync();
    }
}

/// <summary>What an import writes (also past the change tracker) is in the full-text index when each batch commits.</summary>
public sealed class ImportSearchIndexTests
{
    [Fact]
    public async Task An_import_leaves_its_records_indexed_and_nothing_queued()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var services = Feeds.Three();
        services[1]["name"] = "Sportello zafferano";
        await harness.RunAsync(TestSources.Hsds(path: harness.WriteFile("feed.json", Feeds.Array(services))));

        await using var db = await harness.DbAsync();
        var queued = await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "SearchIndexQueue" """).SingleAsync();
        var indexed = await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "SearchIndex" WHERE "SearchIndex" MATCH '"zafferano"' """).SingleAsync();
        Assert.Equal(0, queued);
        Assert.Equal(1, indexed);
    }
}
