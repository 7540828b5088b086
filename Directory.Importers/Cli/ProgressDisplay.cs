using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Directory.Importers.Cli;

/// <summary>
/// Shows a run's progress: a Spectre.Console progress bar per phase (rows of total when known, bytes otherwise,
/// with the rate) on a terminal, and a plain line per phase and every few seconds when the output is redirected
/// (CI logs, cron mail), where a redrawn bar would be noise.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public static async Task<ImportResult> RunAsync(string title, Func<IProgress<ImportProgress>, Task<ImportResult>> run)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.WriteLine(title);
            var plain = new PlainReporter();
            return await run(plain).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{title}[/]");
                return await run(new BarReporter(context)).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static string Label(ImportPhase phase) => phase switch
    {
        ImportPhase.Fetching => "Downloading",
        ImportPhase.Checking => "Checking rows",
        ImportPhase.Writing => "Storing rows",
        _ => "Withdrawing",
    };

    private static string Amount(ImportProgress p, double seconds)
    {
        var rate = seconds > 0.2 ? p.Done / seconds : 0;
        if (p.InBytes)
        {
            var of = p.Total is { } bytes ? " of " + Megabytes(bytes) : "";
            return string.Create(CultureInfo.InvariantCulture, $"{Megabytes(p.Done)}{of}, {Megabytes((long)rate)}/s");
        }

        var ofRows = p.Total is { } rows ? string.Create(CultureInfo.InvariantCulture, $" of {rows:N0}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{p.Done:N0}{ofRows} rows, {rate:N0} rows/s");
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N1} MB");

    /// <summary>One bar per phase, created when the phase starts; earlier phases are completed then.</summary>
    private sealed class BarReporter(ProgressContext context) : IProgress<ImportProgress>
    {
        private readonly Dictionary<ImportPhase, (ProgressTask Task, Stopwatch Clock)> _bars = [];

        public void Report(ImportProgress value)
        {
            if (!_bars.TryGetValue(value.Phase, out var bar))
            {
                foreach (var (earlier, _) in _bars.Values)
                {
                    earlier.Value = earlier.MaxValue;
                    earlier.StopTask();
                }

                bar = (context.AddTask(Label(value.Phase)), Stopwatch.StartNew());
                _bars[value.Phase] = bar;
            }

            var (task, clock) = bar;
            task.IsIndeterminate = value.Total is null;
            task.MaxValue = Math.Max(1, value.Total ?? 1);
            task.Value = value.Total is null ? 0 : value.Done;
            task.Description = Markup.Escape($"{Label(value.Phase)}: {Amount(value, clock.Elapsed.TotalSeconds)}");
        }
    }

    /// <summary>A line when a phase starts or ends, and at most one every few seconds in between.</summary>
    private sealed class PlainReporter : IProgress<ImportProgress>
    {
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private readonly Stopwatch _phaseClock = new();
        private ImportPhase? _phase;

        public void Report(ImportProgress value)
        {
            var newPhase = value.Phase != _phase;
            if (newPhase)
            {
                _phase = value.Phase;
                _phaseClock.Restart();
            }

            var finished = value.Total is { } total && value.Done >= total;
            if (newPhase || finished || _sinceLine.Elapsed >= PlainEvery)
            {
                _sinceLine.Restart();
                Console.Out.WriteLine($"  {Label(value.Phase)}: {Amount(value, _phaseClock.Elapsed.TotalSeconds)}");
            }
        }
    }
}
