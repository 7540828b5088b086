using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Directory.Model.Data;

/// <summary>
/// Sets per-connection SQLite pragmas (foreign keys on, a busy timeout so concurrent writers wait instead of failing)
/// and registers the Directory's SQL functions (<see cref="Geo.GeoSql"/>).
/// </summary>
internal sealed class SqliteConnectionInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

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

    private static void RegisterFunctions(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            Geo.GeoSql.Register(sqlite);
        }
    }
}
