using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Directory.Importers;
using Directory.Importers.Fetching;
using Directory.Importers.Formats;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Data;
using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Directory.Tests.Importing;

/// <summary>HSDS 3.0 API sources answered page by page by a real local server, and the run's temporary files.</summary>
public sealed class PagingTests
{
    /// <summary>Page <paramref name="number"/> of <paramref name="total"/> of an HSDS API list, with its paging header.</summary>
    private static string Page(int number, int total, params JsonObject[] services) => new JsonObject
    {
        ["total_items"] = total * 2,
        ["total_pages"] = total,
        ["page_number"] = number,
        ["size"] = services.Length,
        ["first_page"] = number == 1,
        ["last_page"] = number == total,
        ["empty"] = services.Length == 0,
        ["contents"] = new JsonArray([.. services.Select(s => s.DeepClone())]),
    }.ToJsonString();

    private static SourceDefinition Paged(FeedServer server, int? perPage = null) =>
        new() { Id = "test-api", Name = "test-api", Format = ImportFormat.HsdsJson, Url = server.Url("/services"), Paged = true, PerPage = perPage };

    private static void ServeThreePages(FeedServer server, string query = "")
    {
        server.Script("/services?page=1" + query, FeedServer.Body(Page(1, 3, Feeds.Service("svc-1", "Uno"), Feeds.Service("svc-2", "Due", organizationId: "org-2"))));
        server.Script("/services?page=2" + query, FeedServer.Body(Page(2, 3, Feeds.Service("svc-3", "Tre"), Feeds.Service("svc-4", "Quattro"))));
        server.Script("/services?page=3" + query, FeedServer.Body(Page(3, 3, Feeds.Service("svc-5", "Cinque"), Feeds.Service("svc-6", "Sei", city: "Atlantide"))));
    }

    [Fact]
    public async Task Paged_source_is_followed_to_the_last_page_with_rows_numbered_across_pages()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        ServeThreePages(server, "&per_page=2");

        var result = await harness.RunAsync(Paged(server, perPage: 2));

        Assert.Equal((ImportRunStatus.Succeeded, 6, 1), (result.Run.Status, result.Run.RowsRead, result.Run.Rejected));
        Assert.Equal(6, result.Run.Errors.Single().Row); // the second record of the third page
        Assert.Equal(["/services?page=1&per_page=2", "/services?page=2&per_page=2", "/services?page=3&per_page=2"], server.Requests.Select(r => r.Path));
        Assert.All(server.Requests, r => Assert.Null(r.IfNoneMatch));
        await using var db = await harness.DbAsync();
        Assert.Equal(["svc-1", "svc-2", "svc-3", "svc-4", "svc-5"], await db.Services.Where(s => s.Source == "test-api").OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync());
    }

    [Fact]
    public async Task Server_error_on_a_page_is_retried_and_the_run_goes_on()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        ServeThreePages(server);
        server.Script("/services?page=2", FeedServer.Status(500), FeedServer.Body(Page(2, 3, Feeds.Service("svc-3", "Tre"), Feeds.Service("svc-4", "Quattro"))));

        var result = await harness.RunAsync(Paged(server));

        Assert.Equal((ImportRunStatus.Succeeded, 6), (result.Run.Status, result.Run.RowsRead));
        Assert.Equal(2, server.Count("/services?page=2"));
        Assert.Equal(1, server.Count("/services?page=3"));
    }

    [Fact]
    public async Task Page_failing_for_good_fails_the_run_without_writing_and_a_rerun_is_idempotent()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        ServeThreePages(server);
        await harness.RunAsync(Paged(server));
        var before = await harness.DumpAsync();
        server.Script("/services?page=1", FeedServer.Body(Page(1, 3, Feeds.Service("svc-1", "Uno cambiato"), Feeds.Service("svc-2", "Due", organizationId: "org-2"))));
        server.Script("/services?page=2", FeedServer.Status(503));

        var failed = await harness.RunAsync(Paged(server));

        // All pages are fetched before anything is written (the error ratio is decided on the whole feed), so the
        // failure leaves the store exactly as the last good run left it, and withdraws nothing.
        Assert.Equal((ImportRunStatus.Failed, 2, 0), (failed.Run.Status, failed.ExitCode, failed.RowsWritten));
        Assert.Contains("HTTP 503", failed.Run.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("/services?page=3")); // by the first run only
        Assert.Equal(before, await harness.DumpAsync());

        ServeThreePages(server);
        var rerun = await harness.RunAsync(Paged(server));
        Assert.Equal((ImportRunStatus.Succeeded, 0, 0), (rerun.Run.Status, rerun.RowsWritten, rerun.Run.Withdrawn));
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Paged_source_past_the_page_limit_fails_the_run()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Fetch:MaxPages"] = "2" });
        ServeThreePages(server);

        var result = await harness.RunAsync(Paged(server));

        Assert.Equal((ImportRunStatus.Failed, 0), (result.Run.Status, result.Run.Created));
        Assert.Contains("more than 2 pages", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Count("/services?page=3"));
    }

    [Fact]
    public async Task Server_that_ignores_the_page_parameter_fails_the_run_instead_of_looping()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        server.Script("/services", FeedServer.Body(Page(1, 3, Feeds.Service("svc-1", "Uno"))));

        var result = await harness.RunAsync(Paged(server));

        Assert.Equal(ImportRunStatus.Failed, result.Run.Status);
        Assert.Contains("answered page 1 when asked for page 2", result.Run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_files_are_removed_after_a_run_that_succeeds_and_one_that_fails()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        var work = Path.Combine(harness.Folder, "work");
        harness.Services.GetRequiredService<IOptions<ImportOptions>>().Value.WorkFolder = work;
        ServeThreePages(server);
        server.Script("/feed", FeedServer.Body(Feeds.Array(Feeds.Three())));

        var paged = await harness.RunAsync(Paged(server));
        var single = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));
        server.Script("/services?page=3", FeedServer.Status(404));
        var failed = await harness.RunAsync(Paged(server));

        Assert.Equal((ImportRunStatus.Succeeded, ImportRunStatus.Succeeded, ImportRunStatus.Failed), (paged.Run.Status, single.Run.Status, failed.Run.Status));
        Assert.True(System.IO.Directory.Exists(work));
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(work));
    }

    [Fact]
    public async Task Pipeline_stores_each_batch_before_reading_past_it()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array([.. Enumerable.Range(1, 9).Select(i => Feeds.Service($"svc-{i}", $"Sportello {i}"))]));
        var factory = harness.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        var probe = new StoredBehindProbe(new HsdsJsonReader(), factory, "test-hsds");
        var options = harness.Services.GetRequiredService<IOptions<ImportOptions>>();
        var pipeline = new ImportPipeline(factory, harness.Services.GetRequiredService<FeedFetcher>(), [probe], options, TimeProvider.System);

        var result = await pipeline.RunAsync(TestSources.Hsds(path: feed), dryRun: false, CancellationToken.None);

        Assert.Equal((ImportRunStatus.Succeeded, 19), (result.Run.Status, result.Run.Created)); // 9 services, 9 locations, 1 organization
        Assert.Equal(2, probe.Passes);
        // Rows read by the storing pass but not yet stored never reach a batch (2 rows in these tests).
        Assert.InRange(probe.MostRowsHeld, 1, options.Value.BatchSize - 1);
    }

    /// <summary>
    /// Wraps a reader; on its second pass (the one that stores), before handing out each row it counts the services
    /// already stored, so the test sees how many rows the pipeline holds without having stored them.
    /// </summary>
    private sealed class StoredBehindProbe(IFeedReader inner, IDbContextFactory<DirectoryDbContext> factory, string sourceId) : IFeedReader
    {
        public ImportFormat Format => inner.Format;

        public int Passes { get; private set; }

        public int MostRowsHeld { get; private set; }

        public async IAsyncEnumerable<ImportItem> ReadAsync(Stream content, SourceDefinition source, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pass = ++Passes;
            var handedOut = 0;
            await foreach (var item in inner.ReadAsync(content, source, cancellationToken))
            {
                if (pass == 2)
                {
                    await using var db = await factory.CreateDbContextAsync(cancellationToken);
                    var stored = await db.Services.CountAsync(s => s.Source == sourceId, cancellationToken);
                    MostRowsHeld = Math.Max(MostRowsHeld, handedOut - stored);
                }

                handedOut++;
                yield return item;
            }
        }
    }
}
