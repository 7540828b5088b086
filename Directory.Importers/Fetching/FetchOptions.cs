using System.ComponentModel.DataAnnotations;

namespace Directory.Importers.Fetching;

/// <summary>How feeds are fetched over HTTP. Configuration section <c>Importers:Fetch</c>.</summary>
public sealed class FetchOptions
{
    public const string Section = "Importers:Fetch";

    /// <summary>Longest wait for one attempt to answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the whole request, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after a failed attempt (5xx, 408, 429, network error, attempt timeout).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. A <c>Retry-After</c> header wins.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failure ratio over the sampling window at which the circuit opens and requests fail fast.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Requests in the sampling window before the circuit may open.</summary>
    [Range(2, 1000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>How long the circuit stays open.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most pages followed in a paged (HSDS API) source; a source with more fails, so a server that never says "last page" cannot run forever.</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 1000;

    /// <summary>Largest feed accepted, in bytes (all pages together for a paged source).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>User-Agent sent to partners.</summary>
    public string UserAgent { get; set; } = "DirectoryImporter/1.0 (+https://github.com/)";
}
