using System.Globalization;
using System.Text;

namespace Directory.Benchmarks.Running;

/// <summary>The figures of a run, as a text table for the console and as Markdown for docs/performance.md.</summary>
internal sealed class BenchmarkReport(RunSettings settings, IReadOnlyList<DatabaseResult> databases, bool failed)
{
    /// <summary>Target: the API serves near-me at least this share of the raw SQL rate.</summary>
    public const double RateTarget = 0.5;

    /// <summary>Target: p50 of near-me on the largest database at most this multiple of the smallest one's.</summary>
    public const double ScaleTarget = 1.5;

    /// <summary>Whether a check failed (different answers, or a scenario erred).</summary>
    public bool Failed => failed;

    public string ToText() => ToMarkdown();

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        Line(md, $"Run: {settings.Requests} measured requests per scenario after {settings.Warmup} warm-up requests, {settings.Concurrency} in flight at once (with a raw SQL baseline: HTTP and raw SQL measured in turn, in {settings.Rounds} rounds each), centres around 12 Tuscan towns (seed {settings.Seed}). Latencies in ms. CPU ms/req is the processor time of the serving process (the API, or the benchmark process for raw SQL) per request; HTTP/raw by CPU = raw CPU / API CPU, the rate ratio to expect when the processor is the limit.");
        md.AppendLine();
        foreach (var db in databases)
        {
            Line(md, $"### {Path.GetFileName(db.Database)}: {db.Services:N0} services, {db.Bytes / 1048576.0:F0} MiB");
            md.AppendLine();
            if (db.Generation is { } g)
            {
                Line(md, $"Generated in {g.Elapsed.TotalSeconds:F1} s: {g.Organizations:N0} organizations, {g.Locations:N0} locations, {g.Schedules:N0} schedule rows, {g.Translations:N0} translations.");
                md.AppendLine();
            }

            md.AppendLine("| scenario | HTTP req/s | p50 | p95 | p99 | API CPU ms/req | client CPU ms/req | raw SQL req/s | raw p50 | raw p95 | raw p99 | raw CPU ms/req | HTTP/raw rate | HTTP/raw by CPU | SQL statements/request |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in db.Scenarios)
            {
                if (s.Http is not { } http)
                {
                    Line(md, $"| {s.Scenario.Name} | {s.Note} | | | | | | | | | | | | | |");
                    continue;
                }

                var raw = s.Raw;
                var ratio = raw is null ? "" : F(http.RequestsPerSecond / raw.RequestsPerSecond, "0.00") + "×";
                var cpuRatio = raw is null ? "" : F(raw.CpuMsPerRequest / http.CpuMsPerRequest, "0.00") + "×";
                Line(md, $"| {s.Scenario.Name} | {F(http.RequestsPerSecond, "0")} | {F(http.P50Ms)} | {F(http.P95Ms)} | {F(http.P99Ms)} | {F(http.CpuMsPerRequest)} | {F(http.ClientCpuMsPerRequest)} | {(raw is null ? "" : F(raw.RequestsPerSecond, "0"))} | {(raw is null ? "" : F(raw.P50Ms))} | {(raw is null ? "" : F(raw.P95Ms))} | {(raw is null ? "" : F(raw.P99Ms))} | {(raw is null ? "" : F(raw.CpuMsPerRequest))} | {ratio} | {cpuRatio} | {s.Statements?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} |");
            }

            md.AppendLine();
            foreach (var s in db.Scenarios.Where(s => s.Raw is not null && s.Note is not null))
            {
                Line(md, $"Check, {s.Scenario.Name}: {s.Note}.");
            }

            md.AppendLine();
        }

        md.AppendLine("### Targets");
        md.AppendLine();
        foreach (var db in databases)
        {
            if (NearMe(db) is { Http: { } http, Raw: { } raw })
            {
                var ratio = http.RequestsPerSecond / raw.RequestsPerSecond;
                var cpuRatio = raw.CpuMsPerRequest / http.CpuMsPerRequest;
                Line(md, $"- {Path.GetFileName(db.Database)}: near-me over HTTP at {F(ratio, "0.00")}× the raw SQL rate (target ≥ {F(RateTarget, "0.0")}×): {(ratio >= RateTarget ? "met" : "NOT met")}; by processor time per request (API process vs raw SQL process) {F(cpuRatio, "0.00")}×.");
            }
        }

        if (databases.Count > 1 && NearMe(databases[0])?.Http is { } small && NearMe(databases[^1])?.Http is { } large)
        {
            var scale = large.P50Ms / small.P50Ms;
            Line(md, $"- near-me p50 {Path.GetFileName(databases[^1].Database)} / {Path.GetFileName(databases[0].Database)}: {F(large.P50Ms)} / {F(small.P50Ms)} ms = {F(scale, "0.00")}× (target ≤ {F(ScaleTarget, "0.0")}×): {(scale <= ScaleTarget ? "met" : "NOT met")}.");
        }

        return md.ToString();
    }

    private static ScenarioResult? NearMe(DatabaseResult db) => db.Scenarios.FirstOrDefault(s => s.Scenario.Name == Scenario.NearMeName);

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
}
