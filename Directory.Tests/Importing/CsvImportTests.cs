using System.Text;
using Directory.Model.Common;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

public sealed class CsvImportTests
{
    private const string Mapping = """
        {
          "delimiter": ";",
          "encoding": "ENCODING",
          "columns": { "id": "service.id", "nome": "service.name", "ente": "organization.name", "comune": "location.comune",
                       "prov": "location.province", "orari": "service.hours", "stato": "service.status" },
          "values": { "service.status": { "attivo": "Active", "sospeso": "TemporarilyClosed" } },
          "defaults": { "service.categories": "information.school-desk" }
        }
        """;

    private const string Header = "id;nome;ente;comune;prov;orari;stato\n";

    private static string WriteMapping(ImportHarness harness, string encoding = "utf-8") =>
        harness.WriteFile("mapping.json", Mapping.Replace("ENCODING", encoding, StringComparison.Ordinal));

    [Fact]
    public async Task Sample_school_desks_csv_with_bom_is_imported_through_its_mapping()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var result = await harness.RunAsync(TestSources.Csv(TestSources.SeedFeed("sportelli-scuola.csv"), TestSources.SeedFeed("sportelli-scuola.mapping.json")));

        Assert.Equal((ImportRunStatus.Succeeded, 4, 12, 0), (result.Run.Status, result.Run.RowsRead, result.Run.Created, result.Run.Rejected));
        await using var db = await harness.DbAsync();
        var lucca = await db.Services.Include(s => s.Organization).Include(s => s.Categories)
            .Include(s => s.ServiceAtLocations).ThenInclude(a => a.Location).Include(s => s.ServiceAtLocations).ThenInclude(a => a.Schedules)
            .SingleAsync(s => s.ExternalId == "SC-LU-003");
        Assert.Equal(ServiceStatus.TemporarilyClosed, lucca.Status);
        Assert.Equal(["it", "ar"], lucca.Languages);
        Assert.Equal(2, lucca.Categories.Count);
        Assert.Equal((OrganizationKind.School, "93000000003"), (lucca.Organization!.Kind, lucca.Organization.ExternalId));
        var link = Assert.Single(lucca.ServiceAtLocations);
        Assert.Equal(("046017", CoordinateQuality.ComuneCentroid), (link.Location!.ComuneIstatCode, link.Location.CoordinateQuality));
        Assert.Equal(DayOfWeek.Friday, Assert.Single(link.Schedules).DayOfWeek);
        var poggibonsi = await db.Services.Include(s => s.ServiceAtLocations).ThenInclude(a => a.Schedules).SingleAsync(s => s.ExternalId == "SC-SI-004");
        Assert.Equal(5, poggibonsi.ServiceAtLocations[0].Schedules.Count); // MO-FR
        // The first column name was read without its byte order mark.
        Assert.Equal("Sportello accoglienza alunni stranieri – IC Oltrarno", (await db.Services.SingleAsync(s => s.ExternalId == "SC-FI-001")).Name);

        var again = await harness.RunAsync(TestSources.Csv(TestSources.SeedFeed("sportelli-scuola.csv"), TestSources.SeedFeed("sportelli-scuola.mapping.json")));
        Assert.Equal((0, 12), (again.RowsWritten, again.Run.Unchanged));
    }

    [Fact]
    public async Task Latin1_csv_keeps_accents_and_matches_comuni_ignoring_them()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var csv = harness.WriteFile("latin1.csv", Encoding.Latin1.GetBytes(Header + "L1;Sportello Città;Comune di Forlì;FORLI;FC;MO 09:00-12:00;attivo\n"));

        var result = await harness.RunAsync(TestSources.Csv(csv, WriteMapping(harness, "latin1")));

        Assert.Equal((ImportRunStatus.Succeeded, 3), (result.Run.Status, result.Run.Created));
        await using var db = await harness.DbAsync();
        var service = await db.Services.Include(s => s.Organization).Include(s => s.ServiceAtLocations).ThenInclude(a => a.Location).SingleAsync(s => s.ExternalId == "L1");
        Assert.Equal(("Sportello Città", "Comune di Forlì"), (service.Name, service.Organization!.Name));
        Assert.Equal("040012", service.ServiceAtLocations[0].Location!.ComuneIstatCode);
    }

    [Fact]
    public async Task Latin1_bytes_in_a_file_declared_utf8_fail_the_run_without_writing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var csv = harness.WriteFile("wrong.csv", Encoding.Latin1.GetBytes(Header + "L1;Sportello Città;Comune;Forlì;FC;;attivo\n"));

        var result = await harness.RunAsync(TestSources.Csv(csv, WriteMapping(harness)));

        Assert.Equal((ImportRunStatus.Failed, 0), (result.Run.Status, result.Run.Created));
        Assert.Contains("DecoderFallbackException", result.Run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_duplicate_and_unmatched_rows_are_rejected_with_line_and_field_and_the_rest_is_stored()
    {
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Sync:MaxErrorRatio"] = "0.7" });
        var csv = harness.WriteFile("rows.csv", Header
            + "A1;Sportello A;Ente A;Prato;PO;MO 09:00-12:00;attivo\n"
            + "A2;Sportello B;Ente B;Prato;PO\n"
            + "A1;Sportello A di nuovo;Ente A;Prato;PO;;attivo\n"
            + "A3;Sportello C;Ente C;Atlantide;;;attivo\n"
            + "A4;Sportello D;Ente D;Calliano;;;attivo\n"
            + "A5;Sportello E;Ente E;Calliano;TN;LU 09:00-12:00;attivo\n"
            + "A6;Sportello F;Ente F;Calliano;TN;TU 09:00-12:00;forse\n"
            + "A7;Sportello G;Ente G;Calliano;AT;;attivo\n"
            + "A8;Sportello H;Ente H;Lucca;LU;;attivo\n"
            + "A9;Sportello I;Ente I;Pisa;PI;;attivo\n");

        var result = await harness.RunAsync(TestSources.Csv(csv, WriteMapping(harness)));

        Assert.Equal((ImportRunStatus.Succeeded, 1), (result.Run.Status, result.ExitCode));
        Assert.Equal((10, 6), (result.Run.RowsRead, result.Run.Rejected));
        var errors = result.Run.Errors.Select(e => (e.Row, e.Field, e.Message)).ToList();
        Assert.Contains((3, null, "expected 7 fields, found 5"), errors);
        Assert.Contains((4, "id", "duplicate service id 'A1' (first at row 2)"), errors);
        Assert.Contains((5, "location.comune", "no comune is named 'Atlantide'"), errors);
        Assert.Contains((6, "location.comune", "'Calliano' names 2 comuni (AT, TN); give the province"), errors);
        Assert.Contains((7, "service.hours", "'LU' is not a day or a range of days (MO, TU, WE, TH, FR, SA, SU)"), errors);
        Assert.Contains(errors, e => e.Row == 8 && e.Field == "service.status");
        await using var db = await harness.DbAsync();
        Assert.Equal(["A1", "A7", "A8", "A9"], await db.Services.Where(s => s.Source == "test-csv").OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync());
        Assert.Equal("Sportello A", (await db.Services.SingleAsync(s => s.ExternalId == "A1")).Name);

        // Stored runs keep the errors; a rerun changes nothing and withdraws nothing the rejected rows name.
        var again = await harness.RunAsync(TestSources.Csv(csv, WriteMapping(harness)));
        Assert.Equal((0, 0, 6), (again.RowsWritten, again.Run.Withdrawn, again.Run.Rejected));
        Assert.Equal(6, await db.ImportRunErrors.Where(e => e.ImportRunId == result.Run.Id).Select(e => e.Row).Distinct().CountAsync());
    }

    [Fact]
    public async Task Too_many_invalid_rows_abort_the_run_with_no_changes()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var mapping = WriteMapping(harness);
        await harness.RunAsync(TestSources.Csv(harness.WriteFile("ok.csv", Header + "B1;Sportello;Ente;Prato;PO;;attivo\nB2;Sportello 2;Ente;Prato;PO;;attivo\n"), mapping));
        var before = await harness.DumpAsync();

        var result = await harness.RunAsync(TestSources.Csv(harness.WriteFile("bad.csv", Header
            + "B1;Sportello rinominato;Ente;Prato;PO;;attivo\nB2;x;Ente;Nessuno;;;attivo\nB3;y;Ente;Nessuno;;;attivo\n"), mapping));

        Assert.Equal((ImportRunStatus.Aborted, 2), (result.Run.Status, result.ExitCode));
        Assert.Contains("nothing written", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.DumpAsync());
    }
}
