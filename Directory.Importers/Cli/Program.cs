using System.CommandLine;
using System.Globalization;
using Directory.Importers.Scheduling;
using Directory.Importers.Sources;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Directory.Importers.Cli;

/// <summary>
/// The command-line importer: <c>import &lt;source&gt; [--dry-run]</c>, <c>import --all</c>, <c>runs</c>,
/// <c>run &lt;id&gt; [--errors]</c>, <c>layout --to FILE [--from FILE]</c> (see <see cref="SqliteFileLayout"/>). Exit codes: 0 ok, 1 finished with rejected rows, 2 failed.
/// Relative paths (database folder, sources file) are resolved from the current directory, so from the
/// repository root it uses the same database as <c>dotnet run --project Directory.Api</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Logs have no terminal width: do not squeeze the summary tables into 80 columns.
            AnsiConsole.Profile.Width = 200;
        }

        var sourcesOption = new Option<string?>("--sources") { Description = "Sources file (default: Importers:SourcesFile, seed/feeds/sources.json)" };
        var sourceArgument = new Argument<string?>("source") { Description = "Id of the source to import", Arity = ArgumentArity.ZeroOrOne };
        var allOption = new Option<bool>("--all") { Description = "Import every configured source" };
        var dryRunOption = new Option<bool>("--dry-run") { Description = "Show what would change and write nothing" };
        var import = new Command("import", "Import one source (or --all)") { sourceArgument, allOption, dryRunOption, sourcesOption };
        import.SetAction((parse, ct) => ImportAsync(parse.GetValue(sourceArgument), parse.GetValue(allOption), parse.GetValue(dryRunOption), parse.GetValue(sourcesOption), ct));

        var sourceFilter = new Option<string?>("--source") { Description = "Only runs of this source" };
        var lastOption = new Option<int>("--last") { Description = "How many runs to list", DefaultValueFactory = _ => 20 };
        var runs = new Command("runs", "List recent import runs") { sourceFilter, lastOption };
        runs.SetAction((parse, ct) => ListRunsAsync(parse.GetValue(sourceFilter), parse.GetValue(lastOption), ct));

        var runId = new Argument<int>("id") { Description = "Run id" };
        var errorsOption = new Option<bool>("--errors") { Description = "List the rejected rows" };
        var run = new Command("run", "Show one import run") { runId, errorsOption };
        run.SetAction((parse, ct) => ShowRunAsync(parse.GetValue(runId), parse.GetValue(errorsOption), ct));

        var toOption = new Option<string>("--to") { Description = "New database file to write (must not exist)", Required = true };
        var fromOption = new Option<string?>("--from") { Description = "Database file to copy (default: the configured database)" };
        var layout = new Command("layout", "Copy the database into a new file with the tables pages of services read laid out first (for files beyond SQLite's 2 GiB memory map)") { toOption, fromOption };
        layout.SetAction((parse, ct) => LayoutAsync(parse.GetValue(fromOption), parse.GetValue(toOption)!, ct));

        var root = new RootCommand("Imports partner feeds (HSDS JSON, CSV with mapping) into the Directory") { import, runs, run, layout, Bench.Command() };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The command line's own defaults, under the settings file and the environment: SQLite's memory map (the API's
    /// default, for its reads) off, since an import mostly writes and a mapped file's pages would count in the process's
    /// working set as the database grows (640–950 MB at 100k with the map, 190–200 MB without).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Directory:Data:MemoryMapBytes"] = "0",
    };

    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(Defaults)
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "importer.settings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    internal static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // Relative paths in the configuration are read from where the command runs.
        services.AddSingleton<IHostEnvironment>(new CommandLineEnvironment(Environment.CurrentDirectory));
        services.AddDirectoryData(configuration);
        services.AddDirectoryImporters(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<int> ImportAsync(string? sourceId, bool all, bool dryRun, string? sourcesPath, CancellationToken cancellationToken)
    {
        var configuration = Configuration();
        sourcesPath ??= configuration["Importers:SourcesFile"] ?? "seed/feeds/sources.json";
        SourcesFile sources;
        try
        {
            sources = SourcesFile.Load(sourcesPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{e.Message}[/]");
            return 2;
        }

        var selected = all ? sources.Sources : sources.Sources.Where(s => s.Id == sourceId).ToList();
        if (selected.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]No source '{sourceId}' in {sourcesPath}[/] (known: {string.Join(", ", sources.Sources.Select(s => s.Id))}); give a source id or --all.");
            return 2;
        }

        await using var provider = Services(configuration);
        await PrepareDatabaseAsync(provider, cancellationToken).ConfigureAwait(false);
        var exit = 0;
        var results = new List<ImportResult>();
        foreach (var source in selected)
        {
            // One run per source at a time, also against the API's scheduled imports.
            var attempt = await provider.GetRequiredService<ImportLeases>().TryAcquireAsync(source.Id, "cli", null, cancellationToken).ConfigureAwait(false);
            if (attempt.Lease is null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{source.Id} is being imported by {attempt.HeldBy} (lease until {attempt.HeldUntil:u}); skipped.[/]");
                exit = 2;
                continue;
            }

            ImportResult result;
            await using (attempt.Lease.ConfigureAwait(false))
            {
                var pipeline = provider.GetRequiredService<ImportPipeline>();
                result = await ProgressDisplay.RunAsync($"Importing {source.Id}{(dryRun ? " (dry run)" : "")}",
                    progress => pipeline.RunAsync(source, dryRun, progress, cancellationToken)).ConfigureAwait(false);
            }

            results.Add(result);
            Print(result.Run);
            if (dryRun && result.Examples.Count > 0)
            {
                AnsiConsole.MarkupLine("[bold]Would change, for example:[/]");
                foreach (var example in result.Examples)
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  {example}");
                }
            }

            PrintErrors(result.Run.Errors.Take(10).ToList(), result.Run.Rejected);
            exit = Math.Max(exit, result.ExitCode);
        }

        AnsiConsole.Write(Summary(results));
        return exit;
    }

    private static async Task PrepareDatabaseAsync(ServiceProvider provider, CancellationToken cancellationToken)
    {
        // The same start-up the API runs: migrations, then reference data (comuni, taxonomy) when it changed.
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> LayoutAsync(string? from, string to, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            var data = new DataOptions();
            Configuration().GetSection(DataOptions.Section).Bind(data);
            from = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(DataServiceCollectionExtensions.ResolveConnectionString(data, Environment.CurrentDirectory)).DataSource;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var report = await SqliteFileLayout.CopyAsync(from, to, (table, rows) =>
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  {started.Elapsed.TotalSeconds,7:F1} s  {table} ({rows:N0} rows)"), cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[green]{to}[/]: {report.Tables.Count} tables, {report.Pages * report.PageSize / 1048576.0:N1} MiB, in {started.Elapsed.TotalSeconds:F1} s. Stop the API, then put it in place of {from} (with its -wal and -shm files removed).");
            return 0;
        }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{e.Message}[/] Nothing was written to {to}.");
            return 2;
        }
    }

    private static async Task<int> ListRunsAsync(string? source, int last, CancellationToken cancellationToken)
    {
        await using var provider = Services(Configuration());
        await using var db = await provider.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.ImportRuns.AsNoTracking();
        if (source is not null)
        {
            query = query.Where(r => r.SourceId == source);
        }

        var rows = await query.OrderByDescending(r => r.Id).Take(last).ToListAsync(cancellationToken).ConfigureAwait(false);
        var table = new Table().AddColumns("id", "source", "started", "status", "dry", "read", "created", "updated", "unchanged", "withdrawn", "restored", "rejected");
        foreach (var r in rows)
        {
            table.AddRow(Text(r.Id), Markup.Escape(r.SourceId), r.StartedAt.ToString("u", CultureInfo.InvariantCulture), r.Status.ToString(), r.IsDryRun ? "yes" : "",
                Text(r.RowsRead), Text(r.Created), Text(r.Updated), Text(r.Unchanged), Text(r.Withdrawn), Text(r.Restored), Text(r.Rejected));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static async Task<int> ShowRunAsync(int id, bool errors, CancellationToken cancellationToken)
    {
        await using var provider = Services(Configuration());
        await using var db = await provider.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.ImportRuns.AsNoTracking().Include(r => r.Errors.OrderBy(e => e.Row)).FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]No run {id}[/]");
            return 2;
        }

        Print(run);
        if (errors)
        {
            PrintErrors(run.Errors, run.Rejected);
        }

        return 0;
    }

    private static void Print(ImportRun r)
    {
        var colour = r.Status switch { ImportRunStatus.Succeeded when r.Rejected == 0 => "green", ImportRunStatus.Succeeded => "yellow", _ => "red" };
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Run [bold]{r.Id}[/] of [bold]{r.SourceId}[/]{(r.IsDryRun ? " (dry run: nothing written)" : "")}: [{colour}]{r.Status}[/]{(r.NotModified ? " (feed not modified)" : "")}");
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"  read {r.RowsRead}, created {r.Created}, updated {r.Updated}, unchanged {r.Unchanged}, withdrawn {r.Withdrawn}, restored {r.Restored}, rejected {r.Rejected}, protected {r.Protected}");
        if (r.Message is not null)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  {r.Message}");
        }
    }

    /// <summary>One line per run: what it did, how long it took, how fast.</summary>
    internal static Table Summary(IEnumerable<ImportResult> results)
    {
        var table = new Table().Title("Summary").AddColumns("run", "source", "status", "read", "created", "updated", "unchanged", "withdrawn", "restored", "rejected", "rows written", "time", "rows/s");
        foreach (var result in results)
        {
            var r = result.Run;
            var seconds = ((r.FinishedAt ?? r.StartedAt) - r.StartedAt).TotalSeconds;
            table.AddRow(Text(r.Id), Markup.Escape(r.SourceId), r.Status.ToString(), Text(r.RowsRead), Text(r.Created), Text(r.Updated), Text(r.Unchanged), Text(r.Withdrawn),
                Text(r.Restored), Text(r.Rejected), Text(result.RowsWritten), string.Create(CultureInfo.InvariantCulture, $"{seconds:N1} s"),
                seconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{r.RowsRead / seconds:N0}") : "");
        }

        return table;
    }

    private static void PrintErrors(List<ImportRunError> errors, int rejected)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("row", "id", "field", "message");
        foreach (var e in errors)
        {
            table.AddRow(Text(e.Row), Markup.Escape(e.ExternalId ?? ""), Markup.Escape(e.Field ?? ""), Markup.Escape(e.Message));
        }

        AnsiConsole.Write(table);
        if (rejected > errors.Count)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  ({rejected} rows rejected in all; `run <id> --errors` lists them)");
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class CommandLineEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "Directory.Importers";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
