using Microsoft.Extensions.DependencyInjection;

namespace Directory.Model.Search;

public static class TextSearchServiceCollectionExtensions
{
    /// <summary>Registers the full-text search of the configured database (SQLite FTS5).</summary>
    public static IServiceCollection AddDirectoryTextSearch(this IServiceCollection services)
    {
        services.AddSingleton<ITextSearch, SqliteTextSearch>();
        return services;
    }
}
