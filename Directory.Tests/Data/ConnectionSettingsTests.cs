using Directory.Model.Data;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Data;

/// <summary>
/// Every connection the Directory's contexts open has foreign keys on, a busy timeout, the memory map and the page cache, whether the
/// native connection is new or comes back from Microsoft.Data.Sqlite's pool (the pragmas are set once per native
/// connection, and kept by it).
/// </summary>
public sealed class ConnectionSettingsTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Fact]
    public async Task Pooled_connections_keep_the_settings_across_opens()
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        for (var round = 0; round < 5; round++)
        {
            await using var db = await factory.CreateDbContextAsync();
            Assert.Equal((1L, 5000L, DataOptions.MaxMemoryMapBytes, -64L * 1024), await SettingsAsync(db));
            Assert.True(await db.Services.AnyAsync());
        }
    }

    [Fact]
    public async Task A_new_native_connection_gets_the_settings()
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var db = await factory.CreateDbContextAsync();

        Assert.Equal((1L, 5000L, DataOptions.MaxMemoryMapBytes, -64L * 1024), await SettingsAsync(db));
    }

    [Fact]
    public async Task Foreign_keys_are_enforced_on_a_reused_connection()
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using (var warm = await factory.CreateDbContextAsync())
        {
            Assert.True(await warm.Services.AnyAsync());
        }

        await using var db = await factory.CreateDbContextAsync();
        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "Services" SET "OrganizationId" = 987654321 WHERE "Id" = (SELECT min("Id") FROM "Services")"""));
        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(long ForeignKeys, long BusyTimeout, long MemoryMap, long CacheSize)> SettingsAsync(DirectoryDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            return (await PragmaAsync(db, "foreign_keys"), await PragmaAsync(db, "busy_timeout"), await PragmaAsync(db, "mmap_size"), await PragmaAsync(db, "cache_size"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> PragmaAsync(DirectoryDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
