using System.Diagnostics;
using System.Globalization;
using Directory.Model.Data;
using Directory.Model.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Directory.Benchmarks.Generating;

/// <summary>How the full-text index follows writes in one measured run.</summary>
public enum IndexMaintenance
{
    /// <summary>No search triggers at all: the cost of the writes alone.</summary>
    None,

    /// <summary>The triggers of migration <c>SearchIndex</c>: every written row rebuilds the documents it affects.</summary>
    PerRow,

    /// <summary>The triggers of migration <c>SearchIndexQueue</c> queue the documents; one refresh before the commit.</summary>
    Queue,
}

/// <summary>One measured bulk write.</summary>
/// <param name="Maintenance">How the index followed the writes.</param>
/// <param name="WithRelated">Whether each service also got two categories and a translation.</param>
/// <param name="Rows">Rows inserted.</param>
/// <param name="Inserts">Time of the INSERT statements (with whatever their triggers do).</param>
/// <param name="Refresh">Time of the one refresh (queue only).</param>
/// <param name="Documents">Service documents in the index after the commit.</param>
public sealed record SearchIndexRun(IndexMaintenance Maintenance, bool WithRelated, int Rows, TimeSpan Inserts, TimeSpan Refresh, long Documents)
{
    public TimeSpan Total => Inserts + Refresh;
}

/// <summary>
/// What keeping the full-text index in sync costs a bulk writer: <c>N</c> services inserted by prepared raw SQL in
/// one transaction into an empty migrated database (100 organizations, 50 categories), either alone or each with two
/// categories and an English name translation, with no search triggers, with the per-row triggers of migration
/// <c>SearchIndex</c>, and with the queueing triggers of <c>SearchIndexQueue</c> plus one
/// <see cref="SqliteTextSearch.RefreshAsync(System.Data.Common.DbConnection, System.Data.Common.DbTransaction?, CancellationToken)"/>.
/// Same pragmas as the data generator (WAL, synchronous off).
/// </summary>
public sealed class SearchIndexBenchmark(string folder)
{
    private const string PerRowMigration = "20261126010000_SearchIndex";
    private const string Now = "2026-11-26 00:00:00";

    /// <summary>Runs every combination once, in a fresh database each.</summary>
    public async Task<IReadOnlyList<SearchIndexRun>> RunAsync(int services, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var runs = new List<SearchIndexRun>();
        foreach (var withRelated in new[] { false, true })
        {
            foreach (var maintenance in Enum.GetValues<IndexMaintenance>())
            {
                var run = await RunOnceAsync(maintenance, withRelated, services, cancellationToken).ConfigureAwait(false);
                progress(Describe(run));
                runs.Add(run);
            }
        }

        return runs;
    }

    /// <summary>One line of figures.</summary>
    public static string Describe(SearchIndexRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{run.Maintenance,-7} {(run.WithRelated ? "services + 2 categories + 1 translation" : "services only"),-40} {run.Rows,7:N0} rows: inserts {run.Inserts.TotalSeconds,6:F2} s, refresh {run.Refresh.TotalSeconds,5:F2} s, total {run.Total.TotalSeconds,6:F2} s; {run.Documents:N0} service documents");
    }

    private async Task<SearchIndexRun> RunOnceAsync(IndexMaintenance maintenance, bool withRelated, int services, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"search-index-{maintenance}-{(withRelated ? "related" : "services")}.db".ToLowerInvariant());
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await MigrateAsync(connectionString, maintenance == IndexMaintenance.PerRow ? PerRowMigration : null, cancellationToken).ConfigureAwait(false);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;", cancellationToken).ConfigureAwait(false);
        if (maintenance == IndexMaintenance.None)
        {
            await DropSearchTriggersAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        await ReferenceRowsAsync(connection, cancellationToken).ConfigureAwait(false);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var service = Prepare(connection, transaction, """
            INSERT INTO "Services" ("Id", "OrganizationId", "Name", "ShortDescription", "Language", "Status", "Languages", "InterpretationAvailable",
                "TargetGroups", "IsFree", "CreatedAt", "UpdatedAt", "Revision", "Source")
            VALUES ($p0, $p1, $p2, $p3, 'it', 'Active', '["it"]', 0, '["AllForeignResidents"]', 1, $now, $now, 1, 'bench')
            """, 4);
        var category = Prepare(connection, transaction, """INSERT INTO "ServiceCategories" ("ServiceId", "CategoryId") VALUES ($p0, $p1)""", 2);
        var translation = Prepare(connection, transaction, """
            INSERT INTO "Translations" ("EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source")
            VALUES ('Service', $p0, 'name', 'en', $p1, 'it', 0, $now, $now, 'bench')
            """, 2);

        var rows = 0;
        var clock = Stopwatch.StartNew();
        for (var id = 1; id <= services; id++)
        {
            rows += await RunAsync(service, cancellationToken, id, 1 + (id % 100), $"Sportello numero {id}", $"Servizio di prova {id % 997} per stranieri").ConfigureAwait(false);
            if (withRelated)
            {
                rows += await RunAsync(category, cancellationToken, id, 1 + (id % 50)).ConfigureAwait(false);
                rows += await RunAsync(category, cancellationToken, id, 1 + ((id + 1) % 50)).ConfigureAwait(false);
                rows += await RunAsync(translation, cancellationToken, id.ToString(CultureInfo.InvariantCulture), $"Help desk number {id}").ConfigureAwait(false);
            }
        }

        var inserts = clock.Elapsed;
        clock.Restart();
        if (maintenance == IndexMaintenance.Queue)
        {
            await SqliteTextSearch.RefreshAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        var refresh = clock.Elapsed;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var command in new[] { service, category, translation })
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        var documents = Convert.ToInt64(
            await ScalarAsync(connection, """SELECT count(*) FROM "SearchIndex" WHERE "rowid" BETWEEN 4294967296 AND 8589934591""", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        return new SearchIndexRun(maintenance, withRelated, rows, inserts, refresh, documents);
    }

    /// <summary>The schema up to <paramref name="target"/> (all migrations when null).</summary>
    private static async Task MigrateAsync(string connectionString, string? target, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<DirectoryDbContext>().UseSqlite(connectionString).Options;
        await using var db = new DirectoryDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync(target, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DropSearchTriggersAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%\_Search%' ESCAPE '\'""";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await ExecuteAsync(connection, null, $"""DROP TRIGGER "{name}";""", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ReferenceRowsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder();
        for (var i = 1; i <= 100; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO "Organizations" ("Id", "Name", "Kind", "Language", "ComuneIstatCode", "CreatedAt", "UpdatedAt", "Revision", "Source")
                VALUES ({i}, 'Ente di prova {i}', 'Other', 'it', '048017', '{Now}', '{Now}', 1, 'bench');
                """);
        }

        for (var i = 1; i <= 50; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO "Categories" ("Id", "Code", "Name", "Position", "CreatedAt", "UpdatedAt", "Revision", "Source")
                VALUES ({i}, 'bench-{i}', 'Categoria di prova {i}', {i}, '{Now}', '{Now}', 1, 'bench');
                """);
        }

        await ExecuteAsync(connection, null, sql.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        if (sql.Contains("$now", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$now", Now);
        }

        command.Prepare();
        return command;
    }

    private static async Task<int> RunAsync(SqliteCommand command, CancellationToken cancellationToken, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
