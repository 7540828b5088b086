using System.Diagnostics;

namespace Directory.Benchmarks.Running;

/// <summary>
/// Latencies of one measured series: rate over the wall-clock time, percentiles (nearest rank), and the processor time
/// the serving process spent per request (a figure that other load on the machine disturbs much less than latency), and
/// the processor time this process (the load generator; for the raw baseline, the server itself) spent per request.
/// </summary>
internal sealed record Measurement(int Requests, int Concurrency, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms, double CpuMsPerRequest, double ClientCpuMsPerRequest)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>
    /// Runs <paramref name="warmup"/> unmeasured operations, then <paramref name="requests"/> measured ones spread over
    /// <paramref name="concurrency"/> workers, each on its own thread-pool task (so synchronous work runs in parallel too).
    /// The operation gets its worker number and the request's index; <paramref name="cpu"/> reads the serving process's
    /// processor time.
    /// </summary>
    public static async Task<Measurement> RunAsync(int warmup, int requests, int concurrency, Func<TimeSpan> cpu, Func<int, int, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(operation);
        // Warm up as measured (same concurrency), so the serving process's JIT sees the same load it is measured under.
        var warmed = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref warmed)) < warmup)
            {
                await operation(worker, index).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);

        var latencies = new double[requests];
        var next = -1;
        var cpuBefore = cpu();
        var clientBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(worker, warmup + index).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        var cpuMs = (cpu() - cpuBefore).TotalMilliseconds / requests;
        var clientMs = (Environment.CpuUsage.TotalTime - clientBefore).TotalMilliseconds / requests;
        Array.Sort(latencies);
        return new Measurement(requests, concurrency, clock.Elapsed, Percentile(latencies, 50), Percentile(latencies, 95), Percentile(latencies, 99), cpuMs, clientMs);
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
