using System.Diagnostics;
using Directory.Model.Importing;
using Microsoft.AspNetCore.Http;

namespace Directory.Tests.Importing;

/// <summary>Imports from a real local feed server that misbehaves on purpose.</summary>
public sealed class FetchingTests
{
    private static readonly string Good = Feeds.Array(Feeds.Three());

    /// <summary>
    /// For tests of a feed that hangs: attempts time out soon, yet not so soon that an answering attempt on a loaded
    /// machine times out too (the harness's default is long, so that other tests never retry by accident).
    /// </summary>
    private static Dictionary<string, string?> ShortAttempts() => new()
    {
        ["Importers:Fetch:AttemptTimeout"] = "00:00:01.500",
        ["Importers:Fetch:TotalTimeout"] = "00:00:30",
    };

    [Fact]
    public async Task Server_error_then_success_is_retried_and_imported()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        server.Script("/feed", FeedServer.Status(500), FeedServer.Status(503), FeedServer.Body(Good));

        var result = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal((ImportRunStatus.Succeeded, 8, 0), (result.Run.Status, result.Run.Created, result.ExitCode));
        Assert.Equal(3, server.Count("/feed"));
    }

    [Fact]
    public async Task Attempt_that_times_out_is_retried()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync(ShortAttempts());
        server.Script("/feed", FeedServer.Hang(), FeedServer.Body(Good));

        var result = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal((ImportRunStatus.Succeeded, 8), (result.Run.Status, result.Run.Created));
        Assert.Equal(2, server.Count("/feed"));
    }

    [Fact]
    public async Task Feed_that_never_answers_fails_the_run_and_leaves_stored_data_alone()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync(ShortAttempts());
        server.Script("/feed", FeedServer.Body(Good));
        await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));
        var before = await harness.DumpAsync();
        server.Script("/feed", FeedServer.Hang());

        var result = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal((ImportRunStatus.Failed, 2), (result.Run.Status, result.ExitCode));
        Assert.Contains("timeout", result.Run.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, server.Count("/feed") - 1); // one attempt and three retries
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        server.Script("/feed", FeedServer.Status(429, retryAfter: "1"), FeedServer.Body(Good));

        var clock = Stopwatch.StartNew();
        var result = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal(ImportRunStatus.Succeeded, result.Run.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal(2, server.Count("/feed"));
    }

    [Fact]
    public async Task Truncated_json_fails_the_run_before_writing_and_a_rerun_is_idempotent()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        server.Script("/feed", FeedServer.Body(Good));
        await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));
        var before = await harness.DumpAsync();
        var changed = Feeds.Three();
        changed[0]["name"] = "Cambiato";
        var text = Feeds.Array(changed);
        server.Script("/feed", FeedServer.Body(text[..(text.Length * 2 / 3)]));

        var truncated = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal((ImportRunStatus.Failed, 2), (truncated.Run.Status, truncated.ExitCode));
        Assert.Contains("JsonException", truncated.Run.Message, StringComparison.Ordinal);
        Assert.Equal(0, truncated.Run.Withdrawn);
        Assert.Equal(before, await harness.DumpAsync());

        server.Script("/feed", FeedServer.Body(Good));
        var rerun = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));
        Assert.Equal((ImportRunStatus.Succeeded, 0, 8), (rerun.Run.Status, rerun.RowsWritten, rerun.Run.Unchanged));
        Assert.Equal(before, await harness.DumpAsync());
    }

    [Fact]
    public async Task Unchanged_feed_is_skipped_by_a_conditional_get()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync();
        server.Script("/feed", FeedServer.Body(Good, etag: "\"v1\""));
        var first = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));
        Assert.Equal(8, first.Run.Created);

        var second = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal((ImportRunStatus.Succeeded, true, 0), (second.Run.Status, second.Run.NotModified, second.Run.RowsRead));
        Assert.Equal([null, "\"v1\""], server.Requests.Select(r => r.IfNoneMatch));
    }

    [Fact]
    public async Task Feed_over_the_size_limit_fails_the_run()
    {
        await using var server = await FeedServer.StartAsync();
        await using var harness = await ImportHarness.CreateAsync(new() { ["Importers:Fetch:MaxBytes"] = "1000" });
        server.Script("/feed", async context =>
        {
            // No Content-Length: the limit must hold while streaming.
            await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Good));
        });

        var result = await harness.RunAsync(TestSources.Hsds(url: server.Url("/feed")));

        Assert.Equal(ImportRunStatus.Failed, result.Run.Status);
        Assert.Contains("over the limit", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.Run.Created);
    }
}
