using Directory.Importers.Fetching;
using Directory.Importers.Formats;
using Directory.Importers.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Directory.Importers;

public static class ImporterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the import pipeline: options (<c>Importers:Sync</c>, <c>Importers:Fetch</c>), the feed HttpClient
    /// with its resilience pipeline, the readers. Needs <c>AddDirectoryData</c>.
    /// </summary>
    public static IServiceCollection AddDirectoryImporters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FetchOptions>().Bind(configuration.GetSection(FetchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(FeedFetcher.HttpClientName, (sp, client) =>
            {
                // The resilience pipeline owns time limits.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(sp.GetRequiredService<IOptions<FetchOptions>>().Value.UserAgent);
            })
            .AddResilienceHandler("feed", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<FetchOptions>>().Value;
                pipeline.AddTimeout(o.TotalTimeout);
                if (o.MaxRetries > 0)
                {
                    // Handles 5xx, 408, 429, network errors and attempt timeouts; Retry-After, when sent, sets the delay.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryDelay,
                        ShouldRetryAfterHeader = true,
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = o.CircuitFailureRatio,
                    MinimumThroughput = o.CircuitMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = o.CircuitBreakDuration,
                });
                pipeline.AddTimeout(o.AttemptTimeout);
            });
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<IFeedReader, HsdsJsonReader>();
        services.AddSingleton<IFeedReader, CsvFeedReader>();
        services.AddSingleton<IFeedReader, GeoJsonFeedReader>();
        services.AddSingleton<IFeedReader, HsdsDataPackageReader>();
        services.AddTransient<ImportPipeline>();
        services.AddSingleton<Scheduling.ImportLeases>();
        return services;
    }
}
