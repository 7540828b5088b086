using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Directory.Model.Data;

/// <summary>
/// Sets per-connection SQLite pragmas (foreign keys on, a busy timeout so concurrent writers wait instead of failing)
/// and registers the Directory's SQL functions (<see cref="Geo.GeoSql"/>).
/// </summary>
internal sealed class SqliteConnectionInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

    private static readonly ConditionalWeakTable<Microsoft.Data.Sqlite.SqliteConnection, object> Registered = [];

    private static readonly object Marker = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        RegisterFunctions(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        RegisterFunctions(connection);
    }

    /// <summary>
    /// Registers the functions once per connection object: Microsoft.Data.Sqlite keeps them and creates them again
    /// itself whenever that object is opened, so registering on every open did the work twice.
    /// </summary>
    private static void RegisterFunctions(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite && Registered.TryAdd(sqlite, Marker))
        {
            Geo.GeoSql.Register(sqlite);
        }
    }
}
