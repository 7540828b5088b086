using Directory.Api;
using Directory.Api.Diagnostics;
using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Http;
using Directory.Api.Hosting;
using Directory.Api.Importing;
using Directory.Api.Security;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Search;
using Directory.Model.Seeding;

var builder = WebApplication.CreateBuilder(args);

// Kestrel runs a request on the thread that read it, without hand-overs between threads (Server:InlineScheduling).
builder.WebHost.UseDirectorySocketTransport(builder.Configuration);

// The database (SQLite file under the data folder), its interceptors and the start-up initializer.
builder.Services.AddDirectoryData(builder.Configuration);
// Near-me and map-area search behind IGeoSearch (SQLite R*Tree today).
builder.Services.AddDirectoryGeoSearch();
// Full-text search behind ITextSearch (SQLite FTS5 today).
builder.Services.AddDirectoryTextSearch();
// The schema, DataLoaders, error policy and query limits.
builder.Services.AddDirectoryGraphQL(builder.Configuration, builder.Environment);
// The GraphQL-over-HTTP endpoint and GraphiQL.
builder.Services.AddDirectoryGraphQLHttp(builder.Configuration);
// Open data: any web page may call the API from a browser (no cookies are used, so no credentials are allowed).
builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy.AllowAnyOrigin().WithMethods("GET", "POST").WithHeaders("Content-Type", "Accept", "Accept-Language")));
// Per-client request limits (fixed window by IP address).
builder.Services.AddDirectoryRateLimiting(builder.Configuration);
// Partner feeds imported on their schedule by a hosted service (off unless Directory:Importers:Schedule:Enabled).
builder.Services.AddDirectoryScheduledImports(builder.Configuration);
// Liveness and readiness for hosting: the database must answer.
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
// Measurement aids for benchmarks (off unless configured).
builder.Services.AddDirectoryDiagnostics(builder.Configuration);

var app = builder.Build();

// Migrate and seed before the first request is served.
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
// Reference data (comuni, provinces, regions, categories) in memory before the first request.
await app.Services.GetRequiredService<ReferenceCache>().LoadAsync(app.Lifetime.ApplicationStopping);

app.UseSqlStatementCountHeader();
app.UseStaticFiles();
app.UseCors();
app.UseRateLimiter();
app.MapDirectoryGraphQL<DirectorySchema>("/graphql").RequireRateLimiting(RateLimitingExtensions.PolicyName);
app.MapHealthChecks("/health");
app.MapGet("/", () => Results.Redirect("/graphql")).ExcludeFromDescription();

await app.RunAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can start the app.</summary>
public partial class Program;
