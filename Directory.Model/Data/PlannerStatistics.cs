using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Data;

/// <summary>
/// Keeps SQLite's query planner statistics (<c>sqlite_stat1</c>) in step with the data. Without them the planner
/// guesses every table's size and every index's selectivity alike, and some of the Directory's queries then take a plan
/// that reads a whole comune's places for each listed service (a page of Firenze's services: 175 ms instead of 15 at
/// 10,000 services). A database created and filled by the API and the importers would otherwise never have any.
/// </summary>
/// <remarks>
/// <c>PRAGMA optimize</c> with <see cref="OptimizeMask"/> analyzes every table that has never been analyzed or whose
/// size changed a lot since it was (tables that did not change are skipped: a few milliseconds when nothing is to do),
/// with <c>analysis_limit</c> bounding the rows read per index, so its cost does not grow with the database. ANALYZE
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

    private static readonly string Sql = FormattableString.Invariant($"PRAGMA analysis_limit = {AnalysisLimit}; PRAGMA optimize = {OptimizeMask};");

    /// <summary>Brings the statistics up to date where the data changed enough to matter. Does nothing off SQLite.</summary>
    public static async Task RefreshAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync(Sql, cancellationToken).ConfigureAwait(false);
        }
    }
}
