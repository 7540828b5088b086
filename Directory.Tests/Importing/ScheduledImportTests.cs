using Directory.Api.Importing;
using Directory.Importers.Scheduling;
using Directory.Model.Importing;
using Directory.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Directory.Tests.Importing;

public sealed class ScheduledImportTests
{
    private static string Sources(ImportHarness harness, params (string Id, string Path, string? Schedule)[] sources) =>
        ImportServices.WriteSources(harness.Folder, System.Text.Json.JsonSerializer.Serialize(new
        {
            sources = sources.Select(s => new { id = s.Id, name = s.Id, format = "HsdsJson", path = s.Path, licence = "CC-BY-4.0", schedule = s.Schedule }),
        }));

    private static async Task<List<ScheduledRun>> TickAsync(IServiceProvider services) =>
        [.. await Task.WhenAll(await services.Scheduler().StartDueAsync(CancellationToken.None))];

    [Fact]
    public async Task Scheduler_runs_a_due_source_once_then_again_when_its_interval_has_passed()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        var clock = ImportServices.Clock();
        var services = ImportServices.Build(Path.Combine(harness.Folder, "directory.db"), clock, Sources(harness, ("daily", feed, "P1D"), ("by-hand", feed, null)));
        try
        {
            var first = Assert.Single(await TickAsync(services));
            Assert.Equal(("daily", ImportRunStatus.Succeeded), (first.SourceId, first.Run!.Status));
            Assert.True(first.Run.Created > 0);

            Assert.Empty(await TickAsync(services));
            clock.Advance(TimeSpan.FromHours(23));
            Assert.Empty(await TickAsync(services));
            clock.Advance(TimeSpan.FromHours(1));
            var second = Assert.Single(await TickAsync(services));
            Assert.Equal(("daily", ImportRunStatus.Succeeded, first.Run.Created), (second.SourceId, second.Run!.Status, second.Run.Unchanged));

            await using var db = await harness.DbAsync();
            var runs = await db.ImportRuns.OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(["daily", "daily"], runs.Select(r => r.SourceId));
            Assert.Equal(clock.GetUtcNow().UtcDateTime, runs[1].StartedAt);
            Assert.Empty(await db.ImportLeases.ToListAsync());
        }
        finally
        {
            await ImportServices.DisposeAsync(services);
        }
    }

    [Fact]
    public async Task Scheduler_skips_a_source_that_another_process_is_importing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        var clock = ImportServices.Clock();
        var services = ImportServices.Build(Path.Combine(harness.Folder, "directory.db"), clock, Sources(harness, ("daily", feed, "P1D")));
        try
        {
            // The command-line importer holds the source's lease.
            var cli = await services.GetRequiredService<ImportLeases>().TryAcquireAsync("daily", "cli", null, CancellationToken.None);
            Assert.True(cli.Acquired);

            var skipped = Assert.Single(await TickAsync(services));
            Assert.Null(skipped.Run);
            Assert.Contains("cli@", skipped.Skipped, StringComparison.Ordinal);
            await using (var db = await harness.DbAsync())
            {
                Assert.Equal(0, await db.ImportRuns.CountAsync());
            }

            await cli.Lease!.DisposeAsync();
            var ran = Assert.Single(await TickAsync(services));
            Assert.Equal(ImportRunStatus.Succeeded, ran.Run!.Status);
        }
        finally
        {
            await ImportServices.DisposeAsync(services);
        }
    }

    [Fact]
    public async Task A_failing_run_does_not_stop_the_scheduler_or_the_other_sources()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        var clock = ImportServices.Clock();
        var services = ImportServices.Build(Path.Combine(harness.Folder, "directory.db"), clock,
            Sources(harness, ("broken", Path.Combine(harness.Folder, "missing.json"), "PT6H"), ("good", feed, "PT6H")));
        try
        {
            var first = (await TickAsync(services)).ToDictionary(r => r.SourceId);
            Assert.Equal(ImportRunStatus.Failed, first["broken"].Run!.Status);
            Assert.Equal(ImportRunStatus.Succeeded, first["good"].Run!.Status);

            clock.Advance(TimeSpan.FromHours(6));
            var second = (await TickAsync(services)).ToDictionary(r => r.SourceId);
            Assert.Equal(ImportRunStatus.Failed, second["broken"].Run!.Status);
            Assert.Equal(ImportRunStatus.Succeeded, second["good"].Run!.Status);
        }
        finally
        {
            await ImportServices.DisposeAsync(services);
        }
    }

    [Fact]
    public async Task Stopping_the_service_cancels_the_running_import_which_ends_failed_and_frees_the_source()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using var server = await FeedServer.StartAsync();
        server.Script("/slow.json", FeedServer.Hang());
        var clock = ImportServices.Clock();
        var sources = ImportServices.WriteSources(harness.Folder, $$"""{ "sources": [ { "id": "slow", "format": "HsdsJson", "url": "{{server.Url("/slow.json")}}", "schedule": "P1D" } ] }""");
        var services = ImportServices.Build(Path.Combine(harness.Folder, "directory.db"), clock, sources);
        try
        {
            var hosted = services.GetServices<IHostedService>().OfType<ScheduledImports>().Single();
            await hosted.StartAsync(CancellationToken.None);
            // Wait (bounded) until the run has started and its request reached the server.
            for (var i = 0; i < 200 && server.Count("/slow.json") == 0; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(1, server.Count("/slow.json"));
            await hosted.StopAsync(CancellationToken.None);

            await using var db = await harness.DbAsync();
            var run = await db.ImportRuns.SingleAsync();
            Assert.Equal((ImportRunStatus.Failed, "cancelled"), (run.Status, run.Message));
            Assert.NotNull(run.FinishedAt);
            Assert.Empty(await db.ImportLeases.ToListAsync());
        }
        finally
        {
            await ImportServices.DisposeAsync(services);
        }
    }

    [Fact]
    public async Task Leases_are_exclusive_until_released_or_expired_and_close_runs_left_running()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var clock = ImportServices.Clock();
        var services = ImportServices.Build(Path.Combine(harness.Folder, "directory.db"), clock, Sources(harness));
        try
        {
            var leases = services.GetRequiredService<ImportLeases>();
            var first = await leases.TryAcquireAsync("feed", "scheduler", null, CancellationToken.None);
            Assert.True(first.Acquired);
            var second = await leases.TryAcquireAsync("feed", "cli", null, CancellationToken.None);
            Assert.False(second.Acquired);
            Assert.Equal(first.Lease!.Holder, second.HeldBy);
            await first.Lease.DisposeAsync();

            // A holder that died mid-run: its run stays "running" and its lease is no longer renewed.
            await using (var db = await harness.DbAsync())
            {
                var now = clock.GetUtcNow().UtcDateTime;
                db.ImportSources.Add(new ImportSource { Id = "feed", Name = "feed", Format = ImportFormat.HsdsJson, Path = "/x.json" });
                db.ImportRuns.Add(new ImportRun { SourceId = "feed", StartedAt = now });
                db.ImportLeases.Add(new ImportLease { SourceId = "feed", Holder = "cli@gone", TakenAt = now, ExpiresAt = now.AddMinutes(10) });
                await db.SaveChangesAsync();
            }

            var blocked = await leases.TryAcquireAsync("feed", "scheduler", null, CancellationToken.None);
            Assert.Equal((false, "cli@gone"), (blocked.Acquired, blocked.HeldBy));

            clock.Advance(TimeSpan.FromMinutes(11));
            var third = await leases.TryAcquireAsync("feed", "scheduler", null, CancellationToken.None);
            Assert.True(third.Acquired);
            await using (var db = await harness.DbAsync())
            {
                var orphan = await db.ImportRuns.SingleAsync();
                Assert.Equal(ImportRunStatus.Failed, orphan.Status);
                Assert.Contains("interrupted", orphan.Message, StringComparison.Ordinal);
                Assert.Equal(third.Lease!.Holder, (await db.ImportLeases.SingleAsync()).Holder);
            }

            await third.Lease.DisposeAsync();
        }
        finally
        {
            await ImportServices.DisposeAsync(services);
        }
    }

    [Theory]
    [InlineData("P1D", 24 * 60)]
    [InlineData("PT6H", 6 * 60)]
    [InlineData("P1W", 7 * 24 * 60)]
    [InlineData("P1DT12H", 36 * 60)]
    [InlineData("PT30M", 30)]
    public void Schedules_are_ISO_8601_durations(string text, int minutes)
    {
        Assert.True(ImportSchedule.TryParse(text, out var interval, out var error), error);
        Assert.Equal(TimeSpan.FromMinutes(minutes), interval);
    }

    [Theory]
    [InlineData("daily")]
    [InlineData("P1M")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("PT1M")]
    [InlineData("0 3 * * *")]
    public void Bad_or_too_short_schedules_are_refused(string text) =>
        Assert.False(ImportSchedule.TryParse(text, out _, out _));

    [Fact]
    public async Task A_bad_schedule_stops_start_up_with_an_error_naming_the_source()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        var sources = Sources(harness, ("fine", feed, "P1D"), ("nightly-feed", feed, "every night"));
        using var api = new DirectoryApiFactory();
        using var scheduled = api.WithWebHostBuilder(b => b
            .UseSetting("Directory:Importers:Schedule:Enabled", "true")
            .UseSetting("Directory:Importers:Schedule:SourcesFile", sources));

        var error = Record.Exception(() => scheduled.Services);

        Assert.NotNull(error);
        Assert.Contains("nightly-feed: schedule 'every night' is not an ISO 8601 duration", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scheduled_imports_are_off_by_default()
    {
        using var api = new DirectoryApiFactory();

        Assert.DoesNotContain(api.Services.GetServices<IHostedService>(), s => s is ScheduledImports);
        Assert.Null(api.Services.GetService<ImportScheduler>());
    }
}
