using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Directory.Model.Geo;

/// <summary>
/// The great-circle distance as an SQL function, so the database can count what lies within a radius without sending
/// every point back. On SQLite it is <see cref="GeoMath.HaversineKm"/> itself, registered on every connection, so SQL
/// and C# agree to the last bit on which points are inside. Also the R*Tree query function <see cref="NearestFunction"/>.
/// </summary>
public static partial class GeoSql
{
    /// <summary>
    /// R*Tree query function <c>geo_nearest(latitude, longitude, radiusKm)</c> (<c>WHERE g.id MATCH geo_nearest(...)</c>):
    /// the index hands its entries over nearest first. It scores every node and entry with
    /// the haversine of <see cref="GeoMath.MinDistanceToBoxKm"/> (a node's box holds its children's, so its score is never
    /// above theirs) and leaves out those farther than the radius; the R*Tree visits its queue lowest score first, so
    /// entries come out in order of that lower bound, and a search can stop reading once the bound passes the distances it
    /// already has.
    /// </summary>
    public const string NearestFunction = "geo_nearest";

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

    /// <summary>Registers <see cref="DistanceFunction"/> and <see cref="NearestFunction"/> on a native connection.</summary>
    internal static unsafe void Register(sqlite3 db)
    {
        Check(db, raw.sqlite3_create_function(db, DistanceFunction, 4, raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, Distance));
        Check(db, RtreeQueryCallback(db.DangerousGetHandle(), NearestFunctionName, &Nearest, IntPtr.Zero, IntPtr.Zero));
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", result);
        }
    }

    /// <summary><see cref="NearestFunction"/>, NUL-terminated UTF-8.</summary>
    private static ReadOnlySpan<byte> NearestFunctionName => "geo_nearest\0"u8;

    /// <summary>The R*Tree's own entry point for scored queries (sqlite3rtree.h), in the SQLite library SQLitePCL loads.</summary>
    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_rtree_query_callback")]
    private static unsafe partial int RtreeQueryCallback(
        IntPtr db, ReadOnlySpan<byte> name, delegate* unmanaged[Cdecl]<RtreeQueryInfo*, int> callback, IntPtr context, IntPtr destructor);

    /// <summary>Scores a node or entry of the R*Tree for <see cref="NearestFunction"/> (see there).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int Nearest(RtreeQueryInfo* info)
    {
        if (info->ParameterCount != 3 || info->CoordinateCount != 4)
        {
            return raw.SQLITE_ERROR;
        }

        var parameters = info->Parameters;
        var box = info->Coordinates;
        var (latitude, radiusKm) = (parameters[0], parameters[2]);
        if (!_ready || latitude != _latitude || radiusKm != _radiusKm)
        {
            // Once per search (the callback runs for every cell of every node it expands): what does not depend on the cell.
            (_latitude, _cosLatitude, _radiusKm, _ready) = (latitude, GeoMath.CosOfLatitude(latitude), radiusKm, true);
            _surelyWithin = GeoMath.HaversineOfKm(radiusKm) * (1 - 1e-9);
        }

        // Scored by the haversine, which orders cells as their distance bound does, without the arc sine and square root;
        // whether a cell is within the radius is decided on the distance itself near the edge, so exactly as before.
        var haversine = GeoMath.MinHaversineToBox(latitude, _cosLatitude, parameters[1], box[0], box[1], box[2], box[3]);
        info->Score = haversine;
        info->Within = haversine <= _surelyWithin || GeoMath.KmOfHaversine(haversine) <= radiusKm ? PartlyWithin : NotWithin;
        return raw.SQLITE_OK;
    }

    [ThreadStatic]
    private static bool _ready;

    [ThreadStatic]
    private static double _latitude;

    [ThreadStatic]
    private static double _cosLatitude;

    [ThreadStatic]
    private static double _radiusKm;

    [ThreadStatic]
    private static double _surelyWithin;

    private const int NotWithin = 0;
    private const int PartlyWithin = 1;

    /// <summary><c>sqlite3_rtree_query_info</c> (sqlite3rtree.h, SQLite 3.8.11 and later), field for field.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct RtreeQueryInfo
    {
        public IntPtr Context;
        public int ParameterCount;
        public double* Parameters;
        public IntPtr User;
        public IntPtr DeleteUser;
        public double* Coordinates;
        public uint* Queue;
        public int CoordinateCount;
        public int Level;
        public int MaxLevel;
        public long Rowid;
        public double ParentScore;
        public int ParentWithin;
        public int Within;
        public double Score;
        public IntPtr SqlParameters;
    }
}
