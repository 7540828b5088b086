using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Model.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Infrastructure;

/// <summary>
/// The real API on a temporary SQLite file, migrated and seeded as on first run. One per test class
/// (xunit class fixture); tests must not change data they do not create.
/// </summary>
public sealed class DirectoryApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "directory-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Folder holding the database file.</summary>
    public string DataDirectory => SharedWith?.DataDirectory ?? _dataDirectory;

    /// <summary>
    /// Another factory whose database this one serves too (started first; neither copied nor deleted here), e.g. to
    /// compare the same data under other settings.
    /// </summary>
    public DirectoryApiFactory? SharedWith { get; init; }

    /// <summary>Whether to load demonstration data (on by default, as in production).</summary>
    public bool SeedDemoData { get; init; } = true;

    /// <summary>
    /// Start from a copy of a database this test run has already migrated and seeded once (the app still runs its
    /// start-up checks on it). Off for tests of start-up itself.
    /// </summary>
    public bool StartFromSeededCopy { get; init; } = true;

    /// <summary>Requests per minute one client may make; high by default so tests are never throttled by accident.</summary>
    public int RateLimitPermits { get; init; } = 1_000_000;

    /// <summary><c>Directory:Data:NativeReads</c>; the app's default when null.</summary>
    public bool? NativeReads { get; init; }

    /// <summary>Further configuration settings (key, value), applied after the ones above.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    private bool _keepDataOnDispose;

    private static readonly Lazy<string> SeededTemplate = new(CreateSeededTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string CreateSeededTemplate()
    {
        var seeding = new DirectoryApiFactory { StartFromSeededCopy = false, _keepDataOnDispose = true };
        _ = seeding.Services; // starts the host: migrate + seed
        var folder = seeding.DataDirectory;
        seeding.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var template = Path.Combine(Path.GetTempPath(), "directory-tests", "template-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.Move(folder, template);
        return template;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (StartFromSeededCopy && SeedDemoData && SharedWith is null)
        {
            System.IO.Directory.CreateDirectory(_dataDirectory);
            foreach (var file in System.IO.Directory.GetFiles(SeededTemplate.Value))
            {
                File.Copy(file, Path.Combine(_dataDirectory, Path.GetFileName(file)), overwrite: true);
            }
        }

        builder.UseEnvironment("Testing");
        builder.UseSetting("Directory:Data:DataDirectory", DataDirectory);
        builder.UseSetting("Directory:Data:SeedDemoData", SeedDemoData ? "true" : "false");
        if (NativeReads is { } native)
        {
            builder.UseSetting("Directory:Data:NativeReads", native ? "true" : "false");
        }

        builder.UseSetting("RateLimiting:PermitsPerWindow", RateLimitPermits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>SQL commands sent so far (all of the app's contexts).</summary>
    public long SqlCommandCount => Services.GetRequiredService<SqlCommandCounter>().Count;

    /// <summary>Posts a query and returns the parsed response body; fails the test on a non-2xx status unless allowed.</summary>
    public async Task<GraphQLResponse> Query(string query, object? variables = null, string? acceptLanguage = null, string? operationName = null)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables, operationName }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new GraphQLResponse((int)response.StatusCode, JsonNode.Parse(body)!.AsObject());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Model.Data.NativeReads.ClearPools();
            try
            {
                if (!_keepDataOnDispose && SharedWith is null && System.IO.Directory.Exists(_dataDirectory))
                {
                    System.IO.Directory.Delete(_dataDirectory, recursive: true);
                }
            }
            catch (IOException)
            {
                // A file still held open by a late reader; the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>A GraphQL response: HTTP status and body.</summary>
public sealed record GraphQLResponse(int Status, JsonObject Body)
{
    public JsonNode? Data => Body["data"];

    public JsonArray? Errors => Body["errors"]?.AsArray();

    /// <summary>The data, after asserting there were no errors.</summary>
    public JsonNode Ok()
    {
        Assert.True(Errors is null, $"Unexpected errors: {Errors?.ToJsonString()}");
        Assert.Equal(200, Status);
        return Data!;
    }

    /// <summary>The first error's <c>extensions.code</c>, after asserting there is one.</summary>
    public string ErrorCode()
    {
        Assert.True(Errors is { Count: > 0 }, $"Expected an error, got {Body.ToJsonString()}");
        return Errors![0]!["extensions"]?["code"]?.GetValue<string>() ?? "";
    }
}
