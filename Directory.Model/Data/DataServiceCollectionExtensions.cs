using Directory.Model.Search;
using Directory.Model.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Directory.Model.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Directory's database (a pooled context factory on SQLite), its interceptors (pragmas, auditing, the
    /// full-text index refreshed with every save, statement counting) and the initializer.
    /// </summary>
    public static IServiceCollection AddDirectoryData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqlCommandCounter>();
        services.AddSingleton<AuditingInterceptor>();
        services.AddSingleton<SearchIndexInterceptor>();
        services.AddPooledDbContextFactory<DirectoryDbContext>((sp, options) =>
        {
            var data = sp.GetRequiredService<IOptions<DataOptions>>().Value;
            var environment = sp.GetService<IHostEnvironment>();
            // A list of ids goes in as one JSON parameter (json_each): the SQL then does not depend on how many ids there
            // are, so EF Core caches it; the default (one parameter per id) builds the SQL again on every execution.
            options.UseSqlite(
                ResolveConnectionString(data, environment?.ContentRootPath ?? AppContext.BaseDirectory),
                sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
            options.AddInterceptors(new SqliteConnectionInterceptor(data.MemoryMapBytes, data.PageCacheMiB), sp.GetRequiredService<AuditingInterceptor>(), sp.GetRequiredService<SearchIndexInterceptor>(),
                sp.GetRequiredService<SqlCommandCounter>());
            options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            options.UseNativeReads(data.NativeReads);
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContext());
        services.AddTransient<DatabaseInitializer>();
        return services;
    }

    /// <summary>The connection string the options lead to; creates the data folder when needed.</summary>
    public static string ResolveConnectionString(DataOptions data, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(data.ConnectionString))
        {
            return data.ConnectionString;
        }

        var folder = Path.IsPathRooted(data.DataDirectory) ? data.DataDirectory : Path.Combine(contentRoot, data.DataDirectory);
        System.IO.Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, data.DatabaseFile),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
        }.ToString();
    }
}
