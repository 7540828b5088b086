using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Directory.Importers.Sources;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Directory.Importers.Cli;

/// <summary>
/// <c>bench generate</c> writes a synthetic HSDS 3.0 feed of any size (services with their organization, a
/// location with address and coordinates in a real Tuscan comune, phones, languages, categories, weekly hours);
/// <c>bench run</c> imports it into a fresh SQLite database (migrated, reference data seeded), then imports it
/// again unchanged, and prints records/s, rows written, elapsed time and peak memory of each import. Run it from
/// the repository root (it reads <c>seed/reference</c>). See the Importers part of docs/performance.md.
/// </summary>
internal static partial class Bench
{
    private const int ServicesPerOrganization = 20;

    public static Command Command()
    {
        var services = new Option<int>("--services") { Description = "Services in the feed", DefaultValueFactory = _ => 100_000 };
        var output = new Option<string?>("--out") { Description = "Feed file to write (default: bench/hsds-<services>.json)" };
        var generate = new Command("generate", "Write a synthetic HSDS 3.0 feed") { services, output };
        generate.SetAction((parse, ct) => GenerateAsync(parse.GetValue(services), parse.GetValue(output), ct));

        var feed = new Option<string>("--feed") { Description = "Feed file written by bench generate", Required = true };
        var batch = new Option<int?>("--batch-size") { Description = "Rows per transaction (default: Importers:Sync:BatchSize)" };
        var drop = new Option<string[]>("--drop-triggers")
        {
            Description = "Measure without some index triggers (the fresh database only): search (full-text index), geo (R*Tree), all",
            AllowMultipleArgumentsPerToken = true,
        };
        drop.AcceptOnlyFromAmong("search", "geo", "all");
        var keep = new Option<bool>("--keep") { Description = "Keep the benchmark's database (its folder is printed) instead of deleting it" };
        var again = new Option<int>("--again") { Description = "Unchanged re-imports to measure after the first import (each a row of the table)", DefaultValueFactory = _ => 1 };
        again.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 20)
            {
                result.AddError("--again must be between 1 and 20");
            }
        });
        var database = new Option<string?>("--database")
        {
            Description = "Re-import into this database (bench.db of a folder kept with --keep, after a run of the same feed) instead of a fresh one: only the unchanged re-imports are measured",
        };
        var run = new Command("run", "Import a feed into a fresh database, then again unchanged; print rates and memory") { feed, batch, drop, keep, again, database };
        run.SetAction((parse, ct) => RunAsync(parse.GetValue(feed)!, parse.GetValue(batch), parse.GetValue(drop) ?? [], parse.GetValue(keep), parse.GetValue(again), parse.GetValue(database), ct));

        return new Command("bench", "Importer benchmark: generate a feed, import it twice; the set-based floor of what a first import writes") { generate, run, FloorCommand() };
    }

    // ---- generate ----

    private sealed record Comune(string Istat, string Name, string Province, string PostalCode, double Latitude, double Longitude);

    private static async Task<int> GenerateAsync(int count, string? path, CancellationToken cancellationToken)
    {
        path ??= Path.Combine("bench", $"hsds-{count}.json");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var comuni = ReadTuscanComuni(Path.Combine("seed", "reference", "comuni-italia.csv"));
        var categories = ReadCategoryCodes(Path.Combine("seed", "reference", "taxonomy.json"));
        var clock = Stopwatch.StartNew();
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var json = new Utf8JsonWriter(stream);
            await using (json.ConfigureAwait(false))
            {
                json.WriteStartArray();
                for (var i = 1; i <= count; i++)
                {
                    WriteService(json, i, comuni[i % comuni.Count], categories);
                    if (json.BytesPending > 1 << 16)
                    {
                        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                json.WriteEndArray();
            }
        }

        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Wrote [bold]{path}[/]: {count:N0} services, {(count + ServicesPerOrganization - 1) / ServicesPerOrganization:N0} organizations, {count:N0} locations in {comuni.Count} Tuscan comuni, {new FileInfo(path).Length / 1048576.0:N1} MB in {clock.Elapsed.TotalSeconds:N1} s");
        return 0;
    }

    private static void WriteService(Utf8JsonWriter json, int i, Comune comune, List<string> categories)
    {
        var organization = (i - 1) / ServicesPerOrganization + 1;
        json.WriteStartObject();
        json.WriteString("id", Id("svc", i));
        json.WriteString("name", $"Sportello informativo {i}");
        json.WriteString("description", $"Orientamento e informazioni per persone straniere a {comune.Name}: permessi di soggiorno, residenza, servizi sanitari e scolastici (servizio {i}).");
        json.WriteString("url", $"https://example.org/servizi/{i}");
        json.WriteString("email", $"sportello{i}@example.org");
        json.WriteString("status", "active");
        json.WriteString("fees_description", "Gratuito");
        json.WriteStartObject("organization");
        json.WriteString("id", Id("org", organization));
        json.WriteString("name", $"Ente gestore {organization}");
        json.WriteString("description", $"Associazione che gestisce sportelli per stranieri ({organization}).");
        json.WriteString("website", $"https://ente{organization}.example.org");
        json.WriteStartArray("phones");
        Phone(json, $"org-phone-{organization}", $"+39 055 {organization % 1_000_000:D6}");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("languages");
        foreach (var (code, index) in new[] { "it", "en", i % 2 == 0 ? "fr" : "ar" }.Select((c, n) => (c, n)))
        {
            json.WriteStartObject();
            json.WriteString("id", $"lang-{i}-{index}");
            json.WriteString("code", code);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("attributes");
        foreach (var code in new[] { categories[i % categories.Count], categories[(i * 7) % categories.Count] }.Distinct())
        {
            json.WriteStartObject();
            json.WriteString("id", $"attr-{i}-{code}");
            json.WriteStartObject("taxonomy_term");
            json.WriteString("id", code);
            json.WriteString("code", code);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("phones");
        Phone(json, $"svc-phone-{i}", $"+39 {3_000_000_000L + i}");
        json.WriteEndArray();
        json.WriteStartArray("service_at_locations");
        json.WriteStartObject();
        json.WriteString("id", $"sal-{i}");
        json.WriteStartObject("location");
        json.WriteString("id", Id("loc", i));
        json.WriteString("name", $"Sede di {comune.Name} {i}");
        json.WriteString("location_type", "physical");
        json.WriteString("external_identifier_type", "istat");
        json.WriteString("external_identifier", comune.Istat);
        // A few hundred metres around the comune's centroid, so locations are distinct points.
        json.WriteNumber("latitude", Math.Round(comune.Latitude + (i % 97 - 48) * 0.0001, 6));
        json.WriteNumber("longitude", Math.Round(comune.Longitude + (i % 89 - 44) * 0.0001, 6));
        json.WriteStartArray("addresses");
        json.WriteStartObject();
        json.WriteString("id", $"addr-{i}");
        json.WriteString("address_1", $"Via Roma {i % 200 + 1}");
        json.WriteString("city", comune.Name);
        json.WriteString("state_province", comune.Province);
        json.WriteString("postal_code", comune.PostalCode);
        json.WriteString("country", "IT");
        json.WriteString("address_type", "physical");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("phones");
        Phone(json, $"loc-phone-{i}", $"+39 0{570 + i % 30} {i % 1_000_000:D6}");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("schedules");
        Schedule(json, $"sch-{i}-a", "MO,TU,WE,TH,FR", "09:00", "13:00");
        Schedule(json, $"sch-{i}-b", "TU,TH", "15:00", "18:00");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Id(string prefix, int n) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}");

    private static void Phone(Utf8JsonWriter json, string id, string number)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("number", number);
        json.WriteString("type", "voice");
        json.WriteEndObject();
    }

    private static void Schedule(Utf8JsonWriter json, string id, string days, string opens, string closes)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("freq", "WEEKLY");
        json.WriteString("byday", days);
        json.WriteString("opens_at", opens);
        json.WriteString("closes_at", closes);
        json.WriteEndObject();
    }

    private static List<Comune> ReadTuscanComuni(string path)
    {
        // istat_code,name,region_istat_code,region_name,province_istat_code,province_name,province_abbr,cadastral_code,postal_codes,population,latitude,longitude,...
        var result = new List<Comune>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length > 11 && f[2] == "09" && double.TryParse(f[10], CultureInfo.InvariantCulture, out var lat) && double.TryParse(f[11], CultureInfo.InvariantCulture, out var lon))
            {
                result.Add(new Comune(f[0], f[1], f[6], f[8].Split(' ', '|', ';')[0], lat, lon));
            }
        }

        return result.Count > 0 ? result : throw new InvalidDataException($"{path}: no Tuscan comune with coordinates (run from the repository root)");
    }

    private static List<string> ReadCategoryCodes(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var codes = new List<string>();
        void Walk(JsonElement list)
        {
            foreach (var category in list.EnumerateArray())
            {
                codes.Add(category.GetProperty("code").GetString()!);
                if (category.TryGetProperty("children", out var children))
                {
                    Walk(children);
                }
            }
        }

        Walk(document.RootElement.GetProperty("categories"));
        return codes;
    }

    // ---- run ----

    private sealed record Measured(string Name, ImportResult Result, TimeSpan Elapsed, TimeSpan Processor, long PeakHeap, long PeakWorkingSet);

    private static async Task<int> RunAsync(string feed, int? batchSize, string[] dropTriggers, bool keep, int again, string? database, CancellationToken cancellationToken)
    {
        if (!File.Exists(feed))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]--feed: {feed} does not exist (write one with bench generate)[/]");
            return 2;
        }

        if (database is not null && (!File.Exists(database) || dropTriggers.Length > 0))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]--database: {database} does not exist, or --drop-triggers was given too (it applies to a fresh database only)[/]");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "directory-bench-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Directory:Data:ConnectionString"] = $"Data Source={(database is null ? Path.Combine(folder, "bench.db") : Path.GetFullPath(database))}",
                ["Directory:Data:SeedDemoData"] = "false",
                ["Importers:Fetch:MaxBytes"] = long.MaxValue.ToString(CultureInfo.InvariantCulture),
                ["Importers:Sync:WorkFolder"] = Path.Combine(folder, "work"),
                ["Importers:Sync:MaxExamples"] = "0",
            };
            if (batchSize is { } size)
            {
                settings["Importers:Sync:BatchSize"] = size.ToString(CultureInfo.InvariantCulture);
            }

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(Program.Defaults)
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "importer.settings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddInMemoryCollection(settings)
                .Build();
            await using var provider = Program.Services(configuration);
            var source = new SourceDefinition { Id = "bench", Name = "Benchmark feed", Format = ImportFormat.HsdsJson, Path = Path.GetFullPath(feed) };
            Measured? first = null;
            if (database is not null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Re-importing into {database}");
            }
            else
            {
                var prepare = Stopwatch.StartNew();
                await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken).ConfigureAwait(false);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Fresh database in {folder} (migrated, comuni and taxonomy seeded) in {prepare.Elapsed.TotalSeconds:N1} s");
                if (dropTriggers.Length > 0)
                {
                    var dropped = await DropTriggersAsync(provider, dropTriggers, cancellationToken).ConfigureAwait(false);
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]Dropped {dropped.Count} triggers for this measurement ({string.Join(", ", dropTriggers)}): the indexes they keep are not updated[/]");
                }

                first = await MeasureAsync("first import", provider, source, cancellationToken).ConfigureAwait(false);
            }

            var unchanged = new List<Measured>();
            for (var i = 1; i <= again; i++)
            {
                unchanged.Add(await MeasureAsync(again == 1 ? "unchanged re-import" : $"unchanged re-import {i}", provider, source, cancellationToken).ConfigureAwait(false));
            }

            Report(feed, first, unchanged);
            return (first is null || first.Result.ExitCode == 0) && unchanged.TrueForAll(u => u.Result.ExitCode == 0) ? 0 : 2;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Database kept in {folder}");
            }
            else
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Drops the full-text (<c>*_Search_*</c>, <c>*_SearchQueue_*</c>) and/or R*Tree (<c>*_GeoIndex_*</c>) triggers of the benchmark's own database.</summary>
    private static async Task<List<string>> DropTriggersAsync(ServiceProvider provider, string[] which, CancellationToken cancellationToken)
    {
        var search = which.Contains("search") || which.Contains("all");
        var geo = which.Contains("geo") || which.Contains("all");
        await using var db = await provider.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var names = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger'").ToListAsync(cancellationToken).ConfigureAwait(false);
        // Full-text: the per-row index triggers (migration SearchIndex) or, since SearchIndexQueue, the queue's triggers
        // (the batch's refresh then finds nothing queued).
        var dropped = names.Where(n => (search && (n.Contains("_Search_", StringComparison.Ordinal) || n.Contains("_SearchQueue_", StringComparison.Ordinal)))
            || (geo && n.Contains("_GeoIndex_", StringComparison.Ordinal))).ToList();
        foreach (var name in dropped)
        {
            // A trigger name read from sqlite_master, quoted.
            var sql = "DROP TRIGGER \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken).ConfigureAwait(false);
        }

        return dropped;
    }

    private static async Task<Measured> MeasureAsync(string name, ServiceProvider provider, SourceDefinition source, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long peakHeap = 0, peakWorkingSet = 0;
        using var stop = new CancellationTokenSource();
        // Sampled: the process-wide peak would carry the first import's peak into the second's.
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                try
                {
                    await Task.Delay(20, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, CancellationToken.None);
        var processor = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var pipeline = provider.GetRequiredService<ImportPipeline>();
        var result = await ProgressDisplay.RunAsync(name, progress => pipeline.RunAsync(source, dryRun: false, progress, cancellationToken)).ConfigureAwait(false);
        clock.Stop();
        processor = Process.GetCurrentProcess().TotalProcessorTime - processor;
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        if (result.Run.Status != ImportRunStatus.Succeeded)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{name}: {result.Run.Status}: {result.Run.Message}[/]");
        }

        return new Measured(name, result, clock.Elapsed, processor, peakHeap, peakWorkingSet);
    }

    private static void Report(string feed, Measured? first, List<Measured> unchanged)
    {
        static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MB");
        var table = new Table().Title($"Importer benchmark: {Markup.Escape(Path.GetFileName(feed))} ({new FileInfo(feed).Length / 1048576.0:N0} MB)")
            .AddColumns("import", "records", "elapsed", "records/s", "process CPU", "records/CPU s", "created", "unchanged", "rows taken raw", "rows written", "peak GC heap", "peak working set");
        foreach (var m in first is null ? unchanged : unchanged.Prepend(first))
        {
            var r = m.Result.Run;
            table.AddRow(m.Name, Text(r.RowsRead), string.Create(CultureInfo.InvariantCulture, $"{m.Elapsed.TotalSeconds:N1} s"),
                string.Create(CultureInfo.InvariantCulture, $"{r.RowsRead / m.Elapsed.TotalSeconds:N0}"),
                string.Create(CultureInfo.InvariantCulture, $"{m.Processor.TotalSeconds:N1} s"), string.Create(CultureInfo.InvariantCulture, $"{r.RowsRead / m.Processor.TotalSeconds:N0}"), Text(r.Created), Text(r.Unchanged), Text(m.Result.RawUnchanged), Text(m.Result.RowsWritten), Mb(m.PeakHeap), Mb(m.PeakWorkingSet));
        }

        AnsiConsole.Write(table);
        var firstRate = first is null ? double.NaN : first.Result.Run.RowsRead / first.Elapsed.TotalSeconds;
        // The slowest of the unchanged re-imports, and every row they wrote.
        var secondRate = unchanged.Min(u => u.Result.Run.RowsRead / u.Elapsed.TotalSeconds);
        var secondWritten = unchanged.Sum(u => u.Result.RowsWritten);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Targets: first import ≥ 20,000 records/s: [bold]{(firstRate >= 20_000 ? "met" : "missed")}[/] ({firstRate:N0}); unchanged re-import ≥ 50,000 records/s with 0 rows written: [bold]{(secondRate >= 50_000 && secondWritten == 0 ? "met" : "missed")}[/] ({secondRate:N0}, {secondWritten} rows)");
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; process peak working set {Mb(Process.GetCurrentProcess().PeakWorkingSet64)}");
    }

    private static string Text(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
