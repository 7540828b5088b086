using System.Diagnostics;

namespace Directory.Benchmarks.Running;

/// <summary>
/// Latencies of one measured series: rate over the wall-clock time, percentiles (nearest rank), and the processor time
/// the serving process spent per request (a figure that other load on the machine disturbs much less than latency), and
/// the processor time this process (the load generator; for the raw baseline, the server itself) spent per request.
/// A series may be measured in several rounds (<see cref="Combine"/>), interleaved with another series' rounds.
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
        await WarmUpAsync(warmup, concurrency, operation).ConfigureAwait(false);
        return Combine([await RoundAsync(warmup, requests, concurrency, cpu, operation).ConfigureAwait(false)]);
    }

    /// <summary>
    /// Unmeasured operations with indexes 0 to <paramref name="warmup"/> - 1, at the same concurrency as measured, so the
    /// serving process's JIT sees the load it is measured under.
    /// </summary>
    public static async Task WarmUpAsync(int warmup, int concurrency, Func<int, int, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var warmed = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref warmed)) < warmup)
            {
                await operation(worker, index).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
    }

    /// <summary>One measured round: the operations with indexes <paramref name="first"/> to <paramref name="first"/> + <paramref name="requests"/> - 1.</summary>
    public static async Task<Round> RoundAsync(int first, int requests, int concurrency, Func<TimeSpan> cpu, Func<int, int, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(operation);
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
                await operation(worker, first + index).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        return new Round(concurrency, clock.Elapsed, latencies, cpu() - cpuBefore, Environment.CpuUsage.TotalTime - clientBefore);
    }

    /// <summary>The rounds of one series as one measurement: requests and times summed, percentiles over every latency.</summary>
    public static Measurement Combine(IReadOnlyList<Round> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        var latencies = rounds.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        var requests = latencies.Length;
        var cpuMs = rounds.Sum(r => r.ServerCpu.TotalMilliseconds) / requests;
        var clientMs = rounds.Sum(r => r.ClientCpu.TotalMilliseconds) / requests;
        var elapsed = TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks));
        return new Measurement(requests, rounds[0].Concurrency, elapsed, Percentile(latencies, 50), Percentile(latencies, 95), Percentile(latencies, 99), cpuMs, clientMs);
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>What one round measured: wall-clock time, each request's latency, the serving and this process's processor time.</summary>
    internal sealed record Round(int Concurrency, TimeSpan Elapsed, double[] Latencies, TimeSpan ServerCpu, TimeSpan ClientCpu);
}
