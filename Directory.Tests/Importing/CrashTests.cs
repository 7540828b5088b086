using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

public sealed class CrashTests
{
    [Fact]
    public async Task Crash_between_batches_keeps_committed_batches_marks_the_run_failed_and_a_rerun_completes()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using (var db = await harness.DbAsync())
        {
            // The database refuses the third service, in the second batch (batches of two rows).
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER crash BEFORE INSERT ON Services WHEN NEW.ExternalId = 'svc-3' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
        }

        var feed = harness.WriteFile("feed.json", Feeds.Array(Feeds.Three()));
        var crashed = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((ImportRunStatus.Failed, 2), (crashed.Run.Status, crashed.ExitCode));
        Assert.Contains("simulated crash", crashed.Run.Message, StringComparison.Ordinal);
        Assert.Equal(6, crashed.Run.Created); // the first batch: 2 services with their 2 organizations and 2 locations
        await using (var db = await harness.DbAsync())
        {
            Assert.Equal(["svc-1", "svc-2"], await db.Services.OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync());
            Assert.Equal(2, await db.ServiceAtLocations.CountAsync());
            Assert.Equal(6, await db.RecordProvenance.CountAsync());
            Assert.Equal(2, await db.Locations.CountAsync(l => l.Source == "test-hsds"));
            Assert.Equal(crashed.Run.Id, (await db.ImportRuns.SingleAsync()).Id);
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER crash;");
        }

        var rerun = await harness.RunAsync(TestSources.Hsds(path: feed));

        Assert.Equal((ImportRunStatus.Succeeded, 2, 6), (rerun.Run.Status, rerun.Run.Created, rerun.Run.Unchanged));
        var after = await harness.DumpAsync();
        var again = await harness.RunAsync(TestSources.Hsds(path: feed));
        Assert.Equal(0, again.RowsWritten);
        Assert.Equal(after, await harness.DumpAsync());
    }
}
