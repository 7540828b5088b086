using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Model.Data;
using Directory.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.ApiTests;

/// <summary>Start-up brings any data folder up to date: migrations on an empty one, seeding that can run again safely.</summary>
public sealed class DatabaseStartupTests
{
    /// <summary>The app on a data folder chosen by the test, so that two starts can share it; never a pre-seeded copy.</summary>
    private sealed class FolderApiFactory(string dataDirectory, bool seedDemoData = true) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Directory:Data:DataDirectory", dataDirectory);
            builder.UseSetting("Directory:Data:SeedDemoData", seedDemoData ? "true" : "false");
        }

        public async Task<GraphQLResponse> Query(string query)
        {
            using var client = CreateClient();
            using var content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
            return new GraphQLResponse((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
        }
    }

    /// <summary>A data folder of its own for one test, removed afterwards.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "directory-tests", Guid.NewGuid().ToString("N"));

        public string DatabaseFile => System.IO.Path.Combine(Path, "directory.db");

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned by the OS.
            }
        }
    }

    /// <summary>Rows per table, read straight from the database file.</summary>
    private static SortedDictionary<string, long> RowCounts(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)count.ExecuteScalar()!;
        }

        return counts;
    }

    /// <summary>Tables holding rows whose source is <c>demo</c>, with how many.</summary>
    private static Dictionary<string, long> DemoRows(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'Source'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE Source = 'demo'";
            if ((long)count.ExecuteScalar()! is > 0 and var n)
            {
                found[table] = n;
            }
        }

        Assert.Contains("Services", tables);
        return found;
    }

    /// <summary>One value that changes when any service row is rewritten.</summary>
    private static string ServicesFingerprint(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) || '/' || SUM(Revision) || '/' || MAX(UpdatedAt) FROM Services";
        return (string)command.ExecuteScalar()!;
    }

    private static async Task StartAndStopAsync(string dataDirectory)
    {
        await using var factory = new FolderApiFactory(dataDirectory);
        _ = factory.Services;
    }

    [Fact]
    public async Task Empty_data_folder_is_migrated_and_seeded_on_start()
    {
        using var folder = new TempFolder();
        Assert.False(File.Exists(folder.DatabaseFile));
        await using var api = new FolderApiFactory(folder.Path);

        await using var db = await api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();
        var all = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(20, await db.Regions.CountAsync());
        Assert.True(await db.Comuni.CountAsync() > 7000);
        Assert.True(await db.Categories.AnyAsync());
        Assert.True(await db.Services.AnyAsync());
        var data = (await api.Query("{ regions(first: 1) { totalCount } }")).Ok();
        Assert.Equal(20, data["regions"]!["totalCount"]!.GetValue<int>());
        Assert.True(File.Exists(folder.DatabaseFile));
    }

    [Fact]
    public async Task Starting_twice_on_the_same_data_folder_leaves_the_same_rows()
    {
        using var folder = new TempFolder();

        await StartAndStopAsync(folder.Path);
        SqliteConnection.ClearAllPools();
        var first = RowCounts(folder.DatabaseFile);
        var firstServices = ServicesFingerprint(folder.DatabaseFile);

        await StartAndStopAsync(folder.Path);
        SqliteConnection.ClearAllPools();
        var second = RowCounts(folder.DatabaseFile);

        Assert.True(first["Comuni"] > 7000, "The first start did not seed the geography");
        Assert.True(first["Services"] > 0, "The first start did not seed the demo data");
        Assert.True(first["Translations"] > 0, "The first start did not seed the translations");
        Assert.NotEmpty(DemoRows(folder.DatabaseFile));
        Assert.Equal(first, second);
        Assert.Equal(firstServices, ServicesFingerprint(folder.DatabaseFile));
    }

    [Fact]
    public async Task Without_demo_data_no_demo_record_is_seeded()
    {
        using var folder = new TempFolder();
        await using var api = new FolderApiFactory(folder.Path, seedDemoData: false);

        var data = (await api.Query("""
            {
              services { totalCount } organizations { totalCount } procedures { totalCount }
              associations { totalCount } councils { totalCount }
              regions { totalCount } categories { totalCount }
            }
            """)).Ok();

        foreach (var field in new[] { "services", "organizations", "procedures", "associations", "councils" })
        {
            Assert.Equal(0, data[field]!["totalCount"]!.GetValue<int>());
        }

        Assert.Equal(20, data["regions"]!["totalCount"]!.GetValue<int>());
        Assert.True(data["categories"]!["totalCount"]!.GetValue<int>() > 0);

        await using var db = await api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Locations.AnyAsync());
        Assert.False(await db.Phones.AnyAsync());
        Assert.False(await db.Translations.AnyAsync(t => t.EntityType != "Category"));
        Assert.Empty(DemoRows(folder.DatabaseFile));
    }
}
