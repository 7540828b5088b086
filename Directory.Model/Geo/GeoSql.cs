using Microsoft.Data.Sqlite;

namespace Directory.Model.Geo;

/// <summary>
/// The great-circle distance as an SQL function, so the database can count what lies within a radius without sending
/// every point back. On SQLite it is <see cref="GeoMath.HaversineKm"/> itself, registered on every connection, so SQL
/// and C# agree to the last bit on which points are inside.
/// </summary>
public static class GeoSql
{
    /// <summary>Name of the SQL function.</summary>
    public const string DistanceFunction = "geo_distance_km";

    /// <summary>Translated to <see cref="DistanceFunction"/> in LINQ queries (mapped in the model); not callable in memory.</summary>
    public static double DistanceKm(double latitude1, double longitude1, double latitude2, double longitude2) =>
        throw new InvalidOperationException($"{nameof(DistanceKm)} is for LINQ-to-SQL queries only; use {nameof(GeoMath)}.{nameof(GeoMath.HaversineKm)}.");

    /// <summary>Registers <see cref="DistanceFunction"/> on an open connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<double, double, double, double, double>(DistanceFunction, GeoMath.HaversineKm, isDeterministic: true);
    }
}
