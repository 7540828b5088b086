using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Directory.Model.Data;

/// <summary>
/// Sets per-connection SQLite pragmas (foreign keys on, a busy timeout so concurrent writers wait instead of failing,
/// reads through a memory map) and registers the Directory's SQL functions (<see cref="Geo.GeoSql"/>).
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite pools native connections: closing a <c>SqliteConnection</c> hands its native connection back
/// to the pool with its settings, and the next open may get it again. So the pragmas and the functions are set once
/// per native connection (the hot path of a request opens a pooled connection several times; see
/// <see cref="Geo.GeoSql.Register(Microsoft.Data.Sqlite.SqliteConnection)"/> for why the functions are registered natively).
/// </remarks>
internal sealed class SqliteConnectionInterceptor(long memoryMapBytes, int pageCacheMiB = 0) : DbConnectionInterceptor
{
    /// <summary>
    /// The pragmas every connection gets once: foreign keys, busy timeout, the memory map (<c>PRAGMA mmap_size</c>) and,
    /// unless 0 (SQLite's default, 2 MiB), the page cache (<c>PRAGMA cache_size</c>).
    /// </summary>
    public string Pragmas { get; } = PragmasFor(memoryMapBytes, pageCacheMiB);

    /// <summary>The pragmas for these settings (see <see cref="Pragmas"/>).</summary>
    public static string PragmasFor(long memoryMapBytes, int pageCacheMiB) => string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA mmap_size = {memoryMapBytes};{(pageCacheMiB > 0 ? $" PRAGMA cache_size = -{pageCacheMiB * 1024};" : "")}");

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    private static readonly object Marker = new();

    /// <summary>
    /// What <see cref="ConnectionOpened"/> does, for a connection opened directly (past EF Core, see
    /// <see cref="NativeReads"/>): the pragmas once per native connection.
    /// </summary>
    public void Configure(Microsoft.Data.Sqlite.SqliteConnection connection) => ConnectionOpened(connection, null!);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSetUp(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            RegisterFunctions(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSetUp(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            RegisterFunctions(connection);
        }
    }

    /// <summary>Whether this native connection has not been set up yet (anything but SQLite: always).</summary>
    private static bool NeedsSetUp(DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Marker);

    private static void RegisterFunctions(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            Geo.GeoSql.Register(sqlite);
        }
    }
}
