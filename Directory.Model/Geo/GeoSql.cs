using Microsoft.Data.Sqlite;
using SQLitePCL;

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

    /// <summary>The function's body, held here for as long as native connections may call it.</summary>
    private static readonly delegate_function_scalar Distance = (context, _, args) =>
    {
        if (args.Any(a => raw.sqlite3_value_type(a) == raw.SQLITE_NULL))
        {
            raw.sqlite3_result_null(context);
            return;
        }

        raw.sqlite3_result_double(context, GeoMath.HaversineKm(
            raw.sqlite3_value_double(args[0]), raw.sqlite3_value_double(args[1]), raw.sqlite3_value_double(args[2]), raw.sqlite3_value_double(args[3])));
    };

    /// <summary>
    /// Registers <see cref="DistanceFunction"/> on an open connection's native connection, where it stays while the
    /// pool keeps that connection (NULL when any argument is NULL). Registered natively, not through
    /// <c>SqliteConnection.CreateFunction</c>: Microsoft.Data.Sqlite registers such functions again at every open, and
    /// registering a function makes SQLite prepare every statement of the connection again (see <see cref="Data.NativeStatement"/>).
    /// </summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Register(connection.Handle ?? throw new InvalidOperationException("The connection is not open."));
    }

    /// <summary>Registers <see cref="DistanceFunction"/> on a native connection.</summary>
    internal static void Register(sqlite3 db)
    {
        var result = raw.sqlite3_create_function(db, DistanceFunction, 4, raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, Distance);
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", result);
        }
    }
}
