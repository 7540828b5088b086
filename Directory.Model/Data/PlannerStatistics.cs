using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Data;

/// <summary>
/// Keeps SQLite's query planner statistics (<c>sqlite_stat1</c>) in step with the data. Without them the planner
/// guesses every table's size and every index's selectivity alike, and some of the Directory's queries then take a plan
/// that reads a whole comune's places for each listed service (a page of Firenze's services: 175 ms instead of 15 at
/// 10,000 services). A database created and filled by the API and the importers would otherwise never have any.
/// </summary>
/// <remarks>
/// A table that holds rows but has no statistics yet (a new database, filled since; statistics deleted) gets a full
/// <c>ANALYZE</c>: <c>PRAGMA optimize</c> alone was seen to leave such tables without any. Otherwise
/// <c>PRAGMA optimize</c> with <see cref="OptimizeMask"/> analyzes the tables whose size changed a lot since they were
/// (a few milliseconds when nothing is to do). Either way <c>analysis_limit</c> bounds the rows read per index, so the
/// cost stays small as the database grows (a full analysis: 35 ms at 10,000 services, 120 ms at 100,000). ANALYZE
/// changes the schema cookie, so every open connection (the API's pool, another process) reloads the statistics at its
/// next statement. Run at start-up (<see cref="Seeding.DatabaseInitializer"/>) and after each import that wrote rows.
/// Statements whose plan must not depend on statistics at all (the full-text queue refresh) fix their join order.
/// </remarks>
public static class PlannerStatistics
{
    /// <summary>Rows ANALYZE reads at most per index (SQLite's recommendation for <c>PRAGMA optimize</c>).</summary>
    public const int AnalysisLimit = 1000;

    /// <summary><c>0x02</c>: analyze tables that may benefit; <c>0x10000</c>: every table, not only those this connection used.</summary>
    public const int OptimizeMask = 0x10002;

    private static readonly string Limit = FormattableString.Invariant($"PRAGMA analysis_limit = {AnalysisLimit};");

    /// <summary>Ordinary tables: not virtual (full-text, R*Tree), not SQLite's own.</summary>
    private const string TablesSql = """
        SELECT "name" AS "Value" FROM "sqlite_schema"
        WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite%' AND "sql" NOT LIKE 'CREATE VIRTUAL TABLE%'
        """;

    /// <summary>Brings the statistics up to date where the data changed enough to matter. Does nothing off SQLite.</summary>
    /// <returns>Whether a full analysis was needed (some table holding rows had no statistics).</returns>
    public static async Task<bool> RefreshAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return false;
        }

        var full = await AnyRowsWithoutStatisticsAsync(db, cancellationToken).ConfigureAwait(false);
        // "main" only: a connection may have other databases attached (an import's scratch files).
        var sql = Limit + (full ? " ANALYZE \"main\";" : FormattableString.Invariant($" PRAGMA \"main\".optimize({OptimizeMask});"));
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken).ConfigureAwait(false);
        return full;
    }

    private static async Task<bool> AnyRowsWithoutStatisticsAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Until the first ANALYZE there is no sqlite_stat1, and a statement naming it would not prepare.
        var analyzed = await ScalarAsync(db, """SELECT EXISTS (SELECT 1 FROM "sqlite_schema" WHERE "name" = 'sqlite_stat1') AS "Value" """, cancellationToken).ConfigureAwait(false);
        var unanalyzed = TablesSql + (analyzed ? """ AND "name" NOT IN (SELECT "tbl" FROM "sqlite_stat1")""" : "");
        var tables = await db.Database.SqlQueryRaw<string>(unanalyzed).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            // ANALYZE writes nothing for an empty table: only tables holding rows lack statistics that matter.
            var quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            if (await ScalarAsync(db, $"""SELECT EXISTS (SELECT 1 FROM {quoted}) AS "Value" """, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> ScalarAsync(DbContext db, string sql, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<bool>(sql).ToListAsync(cancellationToken).ConfigureAwait(false))[0];
}
