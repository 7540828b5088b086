using System.CommandLine;
using System.Globalization;
using Directory.Benchmarks.Generating;
using Directory.Benchmarks.Running;

namespace Directory.Benchmarks;

/// <summary>
/// Benchmarks of the Directory: <c>generate --services N --out FILE</c> builds a database of synthetic services over
/// real comuni; <c>run --db FILE [--db FILE ...]</c> starts the API on each and measures the scenarios against raw SQL;
/// <c>search-index --services N</c> measures what keeping the full-text index in sync costs a bulk insert.
/// Relative paths are read from the current directory; run it from the repository root.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var servicesOption = new Option<int>("--services") { Description = "How many services to generate", DefaultValueFactory = _ => 10_000 };
        var outOption = new Option<string>("--out") { Description = "Database file to create (replaced if it exists)", Required = true };
        var seedOption = new Option<string>("--seed-dir") { Description = "Folder with the reference seed files", DefaultValueFactory = _ => Path.Combine(RepositoryRoot(), "seed") };
        var randomOption = new Option<int>("--random-seed") { Description = "Seed of the pseudo-random generator (same seed, same data)", DefaultValueFactory = _ => 20261126 };
        var noLayoutOption = new Option<bool>("--no-layout") { Description = "Leave the file as the bulk writes laid it out (by default it is copied with the tables pages of services read first, as the importer's layout command does)" };
        var generate = new Command("generate", "Create a benchmark database") { servicesOption, outOption, seedOption, randomOption, noLayoutOption };
        generate.SetAction(async (parse, ct) =>
        {
            var generator = new DataGenerator(parse.GetValue(seedOption)!, parse.GetValue(randomOption));
            var result = await generator.GenerateAsync(parse.GetValue(outOption)!, parse.GetValue(servicesOption), Console.WriteLine, ct, layout: !parse.GetValue(noLayoutOption)).ConfigureAwait(false);
            GenerationInfo.Write(result);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Database}: {result.Services:N0} services, {result.Organizations:N0} organizations, {result.Locations:N0} locations, {result.Schedules:N0} schedule rows, {result.Translations:N0} translations in {result.Elapsed.TotalSeconds:F1} s; {result.Bytes / 1048576.0:F1} MiB"));
            return 0;
        });

        var dbOption = new Option<string[]>("--db") { Description = "Benchmark database(s), smallest first; give several to compare sizes", Required = true, AllowMultipleArgumentsPerToken = true };
        var requestsOption = new Option<int>("--requests") { Description = "Measured requests per scenario", DefaultValueFactory = _ => 400 };
        var warmupOption = new Option<int>("--warmup") { Description = "Unmeasured requests per scenario before measuring (the API's tiered JIT settles after about ten thousand near-me requests)", DefaultValueFactory = _ => 10_000 };
        var concurrencyOption = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var apiOption = new Option<string>("--api") { Description = "The built Directory.Api.dll", DefaultValueFactory = _ => Path.Combine(RepositoryRoot(), "Directory.Api", "bin", "Release", "net10.0", "Directory.Api.dll") };
        var markdownOption = new Option<string?>("--markdown") { Description = "Also write the figures as Markdown to this file" };
        var scenarioOption = new Option<string[]>("--scenario") { Description = "Only these scenarios (by name, e.g. near-me); all by default", AllowMultipleArgumentsPerToken = true };
        var roundsOption = new Option<int>("--rounds") { Description = "Rounds in which a scenario with a raw SQL baseline is measured, HTTP and raw SQL in turn, so both see the same machine", DefaultValueFactory = _ => 10 };
        roundsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--rounds must be at least 1.");
            }
        });
        var run = new Command("run", "Measure the scenarios on each database") { dbOption, requestsOption, warmupOption, concurrencyOption, apiOption, markdownOption, randomOption, scenarioOption, roundsOption };
        run.SetAction(async (parse, ct) =>
        {
            var settings = new RunSettings(
                parse.GetValue(requestsOption), parse.GetValue(warmupOption), parse.GetValue(concurrencyOption), parse.GetValue(apiOption)!, parse.GetValue(randomOption), parse.GetValue(scenarioOption) ?? [], parse.GetValue(roundsOption));
            var runner = new BenchmarkRunner(settings, Console.WriteLine);
            var report = await runner.RunAsync(parse.GetValue(dbOption)!, ct).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine(report.ToText());
            if (parse.GetValue(markdownOption) is { } markdown)
            {
                await File.WriteAllTextAsync(markdown, report.ToMarkdown(), ct).ConfigureAwait(false);
                Console.WriteLine($"Markdown written to {markdown}");
            }

            return report.Failed ? 1 : 0;
        });

        var indexServicesOption = new Option<int>("--services") { Description = "How many services to insert per run", DefaultValueFactory = _ => 20_000 };
        var folderOption = new Option<string>("--dir") { Description = "Folder for the scratch databases (replaced)", DefaultValueFactory = _ => "bench-data" };
        var searchIndex = new Command("search-index", "Measure what keeping the full-text index in sync costs a bulk insert: no triggers, per-row triggers, queue + one refresh")
        {
            indexServicesOption, folderOption,
        };
        searchIndex.SetAction(async (parse, ct) =>
        {
            await new SearchIndexBenchmark(parse.GetValue(folderOption)!).RunAsync(parse.GetValue(indexServicesOption), Console.WriteLine, ct).ConfigureAwait(false);
            return 0;
        });

        var root = new RootCommand("Benchmarks of the Directory API (data generator and measurements)") { generate, run, searchIndex };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>The nearest folder upwards holding Directory.sln, else the current directory.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.sln")))
            {
                return folder.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
