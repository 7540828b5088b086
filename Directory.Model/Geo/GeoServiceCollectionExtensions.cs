using Microsoft.Extensions.DependencyInjection;

namespace Directory.Model.Geo;

public static class GeoServiceCollectionExtensions
{
    /// <summary>Registers the geographic search of the configured database (SQLite R*Tree).</summary>
    public static IServiceCollection AddDirectoryGeoSearch(this IServiceCollection services)
    {
        services.AddSingleton<IGeoSearch, SqliteGeoSearch>();
        return services;
    }
}
