using System.Globalization;
using Directory.Model.Data;
using Microsoft.Extensions.Options;

namespace Directory.Api.Diagnostics;

/// <summary>Measurement aids for benchmarks and load tests, all off by default. Configuration section <c>Diagnostics</c>.</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>
    /// Add a <c>X-Sql-Statements</c> response header with the number of SQL statements the request ran. It tells
    /// something about how the database is used, so it stays off in production.
    /// </summary>
    public bool SqlStatementCountHeader { get; set; }
}

public static class SqlStatementHeaderExtensions
{
    /// <summary>Name of the response header carrying the request's SQL statement count.</summary>
    public const string HeaderName = "X-Sql-Statements";

    public static IServiceCollection AddDirectoryDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiagnosticsOptions>().Bind(configuration.GetSection(DiagnosticsOptions.Section));
        return services;
    }

    /// <summary>
    /// When <see cref="DiagnosticsOptions.SqlStatementCountHeader"/> is on, counts each request's SQL statements apart
    /// from concurrent requests and reports them in <see cref="HeaderName"/> when the response starts (after the
    /// GraphQL executor has finished and before the body is written).
    /// </summary>
    public static IApplicationBuilder UseSqlStatementCountHeader(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ApplicationServices.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.SqlStatementCountHeader)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            var tally = SqlCommandCounter.BeginTally();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = tally.Count.ToString(CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
