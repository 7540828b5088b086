using System.IO.Compression;
using System.Text.Json;
using Directory.Importers;
using Directory.Importers.Formats;
using Directory.Importers.Sync;
using Directory.Model.Common;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Importing;

public sealed class DataPackageImportTests
{
    private static readonly string SampleFolder = TestSources.SeedFeed("sportelli-datapackage");

    /// <summary>A copy of the sample package in the harness folder, with some files replaced.</summary>
    private static string CopySample(ImportHarness harness, string name = "package", Dictionary<string, string>? replace = null)
    {
        var folder = Path.Combine(harness.Folder, name);
        System.IO.Directory.CreateDirectory(folder);
        foreach (var file in System.IO.Directory.GetFiles(SampleFolder))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        foreach (var (file, content) in replace ?? [])
        {
            File.WriteAllText(Path.Combine(folder, file), content);
        }

        return folder;
    }

    private static async Task AssertSampleStoredAsync(ImportHarness harness, ImportResult result, string source)
    {
        Assert.Equal((ImportRunStatus.Succeeded, 3, 0, 10), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected, result.Run.Created)); // 3 services, 3 organizations, 4 locations
        await using var db = await harness.DbAsync();
        var livorno = await db.Services.Include(s => s.Organization).Include(s => s.Phones).Include(s => s.Categories).ThenInclude(c => c.Category)
            .Include(s => s.ServiceAtLocations).ThenInclude(a => a.Location).Include(s => s.ServiceAtLocations).ThenInclude(a => a.Schedules)
            .SingleAsync(s => s.ExternalId == "li-sportello-immigrati");
        Assert.Equal((source, "Comune di Livorno", "org-comune-livorno"), (livorno.Source, livorno.Organization!.Name, livorno.Organization.ExternalId));
        Assert.Equal(["it", "en", "ar"], livorno.Languages);
        Assert.Equal(["information.migrant-desk", "legal.residence-permit"], livorno.Categories.Select(c => c.Category!.Code).Order());
        Assert.Equal("+39 0586 000001", Assert.Single(livorno.Phones).Number);
        var link = Assert.Single(livorno.ServiceAtLocations);
        Assert.Equal(("049009", "Piazza del Municipio 1", 43.5499, CoordinateQuality.Exact), (link.Location!.ComuneIstatCode, link.Location.AddressLine1, link.Location.Latitude, link.Location.CoordinateQuality));
        Assert.Equal(3, link.Schedules.Count); // TU, TH mornings and TH afternoon
        Assert.Contains(link.Schedules, s => s.DayOfWeek == DayOfWeek.Thursday && s.Opens == new TimeOnly(15, 0) && s.Note == "Solo su appuntamento");

        var courses = await db.Services.Include(s => s.ServiceAtLocations).ThenInclude(a => a.Location).SingleAsync(s => s.ExternalId == "ar-corsi-italiano");
        Assert.Equal(["Arezzo", "Montevarchi"], await db.Comuni.Where(c => courses.ServiceAtLocations.Select(a => a.Location!.ComuneIstatCode).Contains(c.IstatCode)).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync());
        Assert.Equal(16, courses.MinimumAge);
        var siena = await db.Locations.Include(l => l.Phones).SingleAsync(l => l.ExternalId == "loc-si-piazza-campo");
        Assert.Equal(("052032", CoordinateQuality.ComuneCentroid), (siena.ComuneIstatCode, siena.CoordinateQuality));
        Assert.Equal("+39 0575 000003", Assert.Single((await db.Locations.Include(l => l.Phones).SingleAsync(l => l.ExternalId == "loc-ar-cpia")).Phones).Number);
    }

    [Fact]
    public async Task Sample_data_package_folder_is_imported_like_hsds_json_and_a_rerun_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var source = FormatSources.DataPackage(path: SampleFolder);

        var result = await harness.RunAsync(source);

        await AssertSampleStoredAsync(harness, result, "test-datapackage");
        var before = await harness.DumpAsync();
        var again = await harness.RunAsync(source);
        Assert.Equal((ImportRunStatus.Succeeded, false, 0, 10, 0), (again.Run.Status, again.Run.NotModified, again.Run.Created, again.Run.Unchanged, again.RowsWritten));
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Data_package_in_a_zip_file_is_imported()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var zip = Path.Combine(harness.Folder, "package.zip");
        // Zipped with its folder, as people do: the descriptor is found one level down.
        ZipFile.CreateFromDirectory(SampleFolder, zip, CompressionLevel.Fastest, includeBaseDirectory: true);

        var result = await harness.RunAsync(FormatSources.DataPackage(path: zip));

        await AssertSampleStoredAsync(harness, result, "test-datapackage");
    }

    [Fact]
    public async Task Data_package_over_http_fetches_resources_relative_to_the_descriptor_and_rereads_them_when_only_a_csv_changed()
    {
        await using var server = await FeedServer.StartAsync();
        foreach (var file in System.IO.Directory.GetFiles(SampleFolder))
        {
            var name = Path.GetFileName(file);
            server.Script("/open-data/hsds/" + name, FeedServer.Body(await File.ReadAllTextAsync(file), name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv",
                etag: name == "datapackage.json" ? "\"v1\"" : null));
        }

        await using var harness = await ImportHarness.CreateAsync();
        var source = FormatSources.DataPackage(url: server.Url("/open-data/hsds/datapackage.json"));

        var result = await harness.RunAsync(source);

        await AssertSampleStoredAsync(harness, result, "test-datapackage");
        Assert.Equal(1, server.Count("/open-data/hsds/services.csv"));
        Assert.Equal(1, server.Count("/open-data/hsds/taxonomy_terms.csv"));

        // Same descriptor (and ETag), new services.csv: the package is read again, not reported unchanged.
        var services = (await File.ReadAllTextAsync(Path.Combine(SampleFolder, "services.csv"))).Replace("Servizio di mediazione linguistico-culturale", "Mediazione linguistico-culturale", StringComparison.Ordinal);
        server.Script("/open-data/hsds/services.csv", FeedServer.Body(services, "text/csv"));
        var second = await harness.RunAsync(source);

        Assert.Equal((ImportRunStatus.Succeeded, false, 1), (second.Run.Status, second.Run.NotModified, second.Run.Updated));
        Assert.All(server.Requests.Where(r => r.Path.EndsWith("datapackage.json", StringComparison.Ordinal)), r => Assert.Null(r.IfNoneMatch));
        await using var db = await harness.DbAsync();
        Assert.Equal("Mediazione linguistico-culturale", (await db.Services.SingleAsync(s => s.ExternalId == "si-mediazione")).Name);
    }

    [Fact]
    public async Task Rows_referring_to_missing_ids_are_rejected_with_file_line_and_column_and_the_rest_is_stored()
    {
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Sync:MaxErrorRatio"] = "0.9" });
        var links = await File.ReadAllTextAsync(Path.Combine(SampleFolder, "service_at_location.csv"));
        var phones = await File.ReadAllTextAsync(Path.Combine(SampleFolder, "phones.csv"));
        var folder = CopySample(harness, replace: new()
        {
            ["service_at_location.csv"] = links.Replace("sal-si-1,si-mediazione,loc-si-piazza-campo", "sal-si-1,si-mediazione,loc-nowhere", StringComparison.Ordinal),
            ["phones.csv"] = phones + "ph-x,,no-such-service,,,,+39 000 0000000,,voice,\n",
        });

        var result = await harness.RunAsync(FormatSources.DataPackage(path: folder));

        Assert.Equal((ImportRunStatus.Succeeded, 4, 2), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected));
        var errors = result.Run.Errors.Select(e => (e.Row, e.ExternalId, e.Field, e.Message)).ToList();
        Assert.Contains((2, "si-mediazione", "service_at_location.csv:3:location_id", "refers to location 'loc-nowhere', which locations.csv does not list"), errors);
        Assert.Contains((4, "ph-x", "phones.csv:5:service_id", "refers to service 'no-such-service', which services.csv does not list"), errors);
        await using var db = await harness.DbAsync();
        Assert.Equal(["ar-corsi-italiano", "li-sportello-immigrati"], await db.Services.OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync());
    }

    [Fact]
    public async Task Broken_descriptor_or_missing_resource_fails_the_run_and_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.RunAsync(FormatSources.DataPackage(path: SampleFolder));
        var before = await harness.DumpAsync();
        var truncated = CopySample(harness, "truncated", new() { ["datapackage.json"] = "{ \"resources\": [ { \"name\": \"service\", " });
        var missing = CopySample(harness, "missing");
        File.Delete(Path.Combine(missing, "locations.csv"));
        var escaping = CopySample(harness, "escaping", new() { ["datapackage.json"] = """{ "resources": [ { "name": "service", "path": "../secret.csv" } ] }""" });

        var results = new List<ImportResult>();
        foreach (var folder in new[] { truncated, missing, escaping })
        {
            results.Add(await harness.RunAsync(FormatSources.DataPackage(path: folder)));
        }

        Assert.All(results, r => Assert.Equal((ImportRunStatus.Failed, 0), (r.Run.Status, r.Run.Created)));
        Assert.Contains("locations.csv: no such file", results[1].Run.Message, StringComparison.Ordinal);
        Assert.Contains("must be relative to the package, inside it", results[2].Run.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Published_hsds_tabular_example_joins_into_the_same_record_as_the_published_json_example()
    {
        // examples/csv and datapackage.json of openreferral/specification: the tabular form of service_full.json.
        var data = Path.Combine(Infrastructure.RepositoryPaths.Root, "Directory.Tests", "Importing", "Data");
        await using var harness = await ImportHarness.CreateAsync();
        var reader = harness.Services.GetServices<IFeedReader>().Single(r => r.Format == ImportFormat.HsdsDataPackage);
        var items = new List<ImportItem>();
        await using (var descriptor = File.OpenRead(Path.Combine(data, "hsds-datapackage", "datapackage.json")))
        {
            await foreach (var item in reader.ReadAsync(descriptor, FormatSources.DataPackage(path: Path.Combine(data, "hsds-datapackage")), CancellationToken.None))
            {
                items.Add(item);
            }
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "hsds-service_full.json")));
        var expected = Assert.IsType<ImportedService>(HsdsJsonReader.Read(1, json.RootElement).Record);
        var item0 = items[0];
        Assert.Empty(item0.Problems);
        var service = Assert.IsType<ImportedService>(item0.Record);
        Assert.Equal((expected.ExternalId, expected.Name, expected.AlternateName, expected.Url, expected.Email, expected.MinimumAge, expected.MaximumAge),
            (service.ExternalId, service.Name, service.AlternateName, service.Url, service.Email, service.MinimumAge, service.MaximumAge));
        Assert.Equal((expected.Organization!.ExternalId, expected.Organization.Name, expected.Organization.Website), (service.Organization!.ExternalId, service.Organization.Name, service.Organization.Website));
        Assert.Equal(expected.Languages, service.Languages);
        var (a, b) = (Assert.Single(expected.Locations), Assert.Single(service.Locations));
        Assert.Equal((a.Location.ExternalId, a.Location.Name, a.Location.Latitude, a.Location.Longitude, a.Location.Comune.Name),
            (b.Location.ExternalId, b.Location.Name, b.Location.Latitude, b.Location.Longitude, b.Location.Comune.Name));
        Assert.Equal(a.Schedules.Select(s => (s.Day, s.Opens, s.Closes)), b.Schedules.Select(s => (s.Day, s.Opens, s.Closes)));
        Assert.Equal("+44 1234 234567", service.Phones.Single().Number.Trim('"'));
    }
}
