using Directory.Importers.Sync;
using Directory.Model.Data;
using Directory.Model.Importing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Importing;

/// <summary>A run that fails while it starts reports its own failure and leaves the connection as it found it.</summary>
public sealed class SyncEngineStartTests
{
    [Fact]
    public async Task A_scratch_file_that_cannot_be_attached_fails_the_start_with_its_own_error()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using var db = await harness.DbAsync();
        var source = new ImportSource { Id = "start-test", Name = "Start test", Format = ImportFormat.HsdsJson, Path = "feed.json" };
        db.ImportSources.Add(source);
        await db.SaveChangesAsync();
        var before = await SettingsAsync(db);
        using var scratch = new RunScratch(Path.Combine(harness.Folder, "start.scratch"));
        System.IO.Directory.CreateDirectory(scratch.SyncedPath); // a folder where the second scratch file should go

        var engine = new SyncEngine(db, new ImportOptions(), TimeProvider.System);
        var error = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using (engine)
            {
                await engine.BeginAsync(source, 1, scratch, dryRun: false, default);
            }
        });

        Assert.Contains("unable to open", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
        Assert.Equal(before, await SettingsAsync(db));
        Assert.DoesNotContain("run", await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_database_list").ToListAsync());
    }

    private static async Task<(long Synchronous, long CacheSize, long TempStore)> SettingsAsync(DirectoryDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            return (
                await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT cache_size AS Value FROM pragma_cache_size").SingleAsync(),
                await db.Database.SqlQueryRaw<long>("SELECT temp_store AS Value FROM pragma_temp_store").SingleAsync());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
