using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Directory.Model.Search;
using Directory.Model.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Directory.Importers.Cli;

/// <summary>
/// <c>bench floor</c>: how long SQLite itself takes to write what a first import wrote, set-based. It copies the
/// imported tables of a database kept by <c>bench run --keep</c> into a fresh database (migrated, reference data
/// seeded, as <c>bench run</c> makes it) with one <c>INSERT … SELECT</c> per table, in dependency order, in one
/// transaction, then brings the full-text index up to date as an import's batch does: once with the schema as
/// migrated (indexes and triggers), once with every secondary index and trigger of those tables dropped (the
/// unavoidable part: the rows and their primary keys). What an import costs above the first is ours.
/// </summary>
internal static partial class Bench
{
    /// <summary>The tables a first import writes, parents first.</summary>
    private static readonly string[] ImportedTables =
        ["Organizations", "Locations", "Services", "ServiceAtLocations", "Schedules", "Phones", "ServiceCategories", "RecordProvenance", "ChangeLog"];

    private static Command FloorCommand()
    {
        var database = new Option<string>("--database") { Description = "bench.db of a folder kept by bench run --keep (read only)", Required = true };
        var synchronous = new Option<string>("--synchronous") { Description = "PRAGMA synchronous of the copy (the importer's: NORMAL)", DefaultValueFactory = _ => "NORMAL" };
        synchronous.AcceptOnlyFromAmong("OFF", "NORMAL", "FULL");
        var floor = new Command("floor", "Time SQLite copying an imported database's rows set-based into a fresh one, with and without indexes and triggers") { database, synchronous };
        floor.SetAction((parse, ct) => FloorAsync(parse.GetValue(database)!, parse.GetValue(synchronous)!, ct));
        return floor;
    }

    private static async Task<int> FloorAsync(string database, string synchronous, CancellationToken cancellationToken)
    {
        if (!File.Exists(database))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]--database: {database} does not exist (keep one with bench run --keep)[/]");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "directory-floor-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            var table = new Table().Title($"Set-based copy of {Markup.Escape(database)} (synchronous = {synchronous})").AddColumns("schema", "table", "rows", "elapsed", "process CPU");
            foreach (var bare in new[] { false, true })
            {
                var target = Path.Combine(folder, bare ? "bare.db" : "migrated.db");
                await FreshDatabaseAsync(target, cancellationToken).ConfigureAwait(false);
                await CopyAsync(Path.GetFullPath(database), target, bare, synchronous, table, cancellationToken).ConfigureAwait(false);
            }

            AnsiConsole.Write(table);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FreshDatabaseAsync(string path, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Program.Defaults)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "importer.settings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Directory:Data:ConnectionString"] = $"Data Source={path}",
                ["Directory:Data:SeedDemoData"] = "false",
            })
            .Build();
        await using var provider = Program.Services(configuration);
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync(string source, string target, bool bare, string synchronous, Table report, CancellationToken cancellationToken)
    {
        var schema = bare ? "without secondary indexes and triggers" : "as migrated";
        await using var connection = new SqliteConnection($"Data Source={target};Pooling=False");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous};", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"ATTACH DATABASE '{source.Replace("'", "''", StringComparison.Ordinal)}' AS src", cancellationToken).ConfigureAwait(false);
        if (bare)
        {
            var names = new List<(string Type, string Name)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"""
                    SELECT type, name FROM main.sqlite_master
                    WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", ImportedTables.Select(t => $"'{t}'"))})
                    """;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (type, name) in names)
            {
                await ExecuteAsync(connection, $"DROP {type.ToUpperInvariant()} \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken).ConfigureAwait(false);
            }
        }

        // What the imported rows point to besides the seeded reference data: the source and its runs (not timed).
        await ExecuteAsync(connection, "INSERT INTO main.ImportSources SELECT * FROM src.ImportSources; INSERT INTO main.ImportRuns SELECT * FROM src.ImportRuns;", cancellationToken).ConfigureAwait(false);
        var process = Process.GetCurrentProcess();
        var totalClock = Stopwatch.StartNew();
        var totalProcessor = process.TotalProcessorTime;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var name in ImportedTables)
            {
                var clock = Stopwatch.StartNew();
                process.Refresh();
                var processor = process.TotalProcessorTime;
                var rows = await ExecuteAsync(connection, $"INSERT INTO main.\"{name}\" SELECT * FROM src.\"{name}\" ORDER BY rowid", cancellationToken, transaction).ConfigureAwait(false);
                process.Refresh();
                Row(report, schema, name, rows, clock.Elapsed, process.TotalProcessorTime - processor);
            }

            var refreshClock = Stopwatch.StartNew();
            process.Refresh();
            var refreshProcessor = process.TotalProcessorTime;
            var documents = await SqliteTextSearch.RefreshAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            process.Refresh();
            Row(report, schema, "full-text refresh and commit", documents, refreshClock.Elapsed, process.TotalProcessorTime - refreshProcessor);
        }

        var checkpointClock = Stopwatch.StartNew();
        process.Refresh();
        var checkpointProcessor = process.TotalProcessorTime;
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken).ConfigureAwait(false);
        process.Refresh();
        Row(report, schema, "WAL checkpoint", 0, checkpointClock.Elapsed, process.TotalProcessorTime - checkpointProcessor);
        Row(report, schema, "[bold]total[/]", 0, totalClock.Elapsed, process.TotalProcessorTime - totalProcessor);
    }

    private static void Row(Table report, string schema, string name, int rows, TimeSpan elapsed, TimeSpan processor) =>
        report.AddRow(schema, name, Text(rows), string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:N2} s"), string.Create(CultureInfo.InvariantCulture, $"{processor.TotalSeconds:N2} s"));

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
