using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Http;
using Directory.Model.Data;
using Directory.Model.Seeding;

var builder = WebApplication.CreateBuilder(args);

// The database (SQLite file under the data folder), its interceptors and the start-up initializer.
builder.Services.AddDirectoryData(builder.Configuration);
// The schema, DataLoaders, error policy and query limits.
builder.Services.AddDirectoryGraphQL(builder.Configuration, builder.Environment);
// The GraphQL-over-HTTP endpoint and GraphiQL.
builder.Services.AddDirectoryGraphQLHttp(builder.Configuration);

var app = builder.Build();

// Migrate and seed before the first request is served.
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);

app.UseStaticFiles();
app.MapDirectoryGraphQL<DirectorySchema>("/graphql");
app.MapGet("/", () => Results.Redirect("/graphql")).ExcludeFromDescription();

await app.RunAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can start the app.</summary>
public partial class Program;
