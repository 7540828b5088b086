using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Directory.Model.Data;

/// <summary>
/// Native SQLite connections of the Directory's own, for <see cref="NativeReads"/> outside a transaction: one small
/// pool per database file. Microsoft.Data.Sqlite registers a connection's functions again every time it opens a pooled
/// connection (EF Core registers several on each of its connections), and SQLite prepares every statement of a
/// connection again when a function is registered on it, so statements kept on connections that EF Core opens would be
/// prepared again at every open. These connections are opened once, set up once (foreign keys, busy timeout, memory map, the
/// Directory's SQL functions) and only read through kept statements; a read borrows one for the time of one statement.
/// </summary>
internal sealed class NativeConnections
{
    /// <summary>Most idle connections kept per database file.</summary>
    public static readonly int MaxIdle = Math.Max(4, 2 * Environment.ProcessorCount);

    private static readonly ConcurrentDictionary<string, NativeConnections?> Pools = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly string _pragmas;
    private readonly ConcurrentBag<sqlite3> _idle = [];
    private int _idleCount;

    private NativeConnections(string path, string pragmas)
    {
        _path = path;
        _pragmas = pragmas;
    }

    /// <summary>
    /// The pool for <paramref name="db"/>'s database, or null when its reads must stay on its own connection: an
    /// in-memory or shared-cache database, or a context whose connection is open or in a transaction (uncommitted
    /// changes are visible on that connection only).
    /// </summary>
    public static NativeConnections? For(DbContext db, Interceptors interceptors)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Closed || db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var pragmas = interceptors.ConnectionSetup?.Pragmas ?? SqliteConnectionInterceptor.PragmasFor(0, 0);
        return Pools.GetOrAdd(connection.ConnectionString + "|" + pragmas, _ => Create(connection.ConnectionString, pragmas));
    }

    /// <summary>Closes every idle connection of every pool (their statements first), e.g. before a database file is deleted.</summary>
    public static void ClearAll()
    {
        foreach (var pool in Pools.Values)
        {
            while (pool is not null && pool._idle.TryTake(out var db))
            {
                Interlocked.Decrement(ref pool._idleCount);
                Close(db);
            }
        }
    }

    /// <summary>An idle connection, or a new one.</summary>
    public sqlite3 Rent()
    {
        if (_idle.TryTake(out var db))
        {
            Interlocked.Decrement(ref _idleCount);
            return db;
        }

        Check(raw.sqlite3_open_v2(_path, out db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX | raw.SQLITE_OPEN_URI, null), db);
        try
        {
            Check(raw.sqlite3_exec(db, _pragmas), db);
            Geo.GeoSql.Register(db);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Hands a connection back (closed when enough are idle, or when it was left inside a transaction).</summary>
    public void Return(sqlite3 db)
    {
        if (raw.sqlite3_get_autocommit(db) == 0)
        {
            Close(db);
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            Close(db);
            return;
        }

        _idle.Add(db);
    }

    private static NativeConnections? Create(string connectionString, string pragmas)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode is SqliteOpenMode.Memory || builder.Cache is SqliteCacheMode.Shared
            || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource.Contains(":memory:", StringComparison.Ordinal))
        {
            return null;
        }

        // The file as Microsoft.Data.Sqlite resolves it (relative paths, |DataDirectory|), asked of SQLite itself.
        using var probe = new SqliteConnection(connectionString);
        probe.Open();
        var path = raw.sqlite3_db_filename(probe.Handle, "main").utf8_to_string();
        return string.IsNullOrEmpty(path) ? null : new NativeConnections(path, pragmas);
    }

    private static void Close(sqlite3 db)
    {
        NativeStatement.FinalizeAll(db);
        db.Dispose();
    }

    private static void Check(int result, sqlite3 db)
    {
        if (result != raw.SQLITE_OK)
        {
            var message = db is null ? "" : raw.sqlite3_errmsg(db).utf8_to_string();
            throw new SqliteException($"SQLite Error {result}: '{message}'.", result);
        }
    }
}
