using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Directory.Model.Common;
using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Search;

/// <summary>
/// <see cref="ITextSearch"/> on SQLite FTS5 (tables, views and triggers of the <c>SearchIndex</c> migration).
/// Exact search: each term quoted as a prefix (<c>"term"*</c>), all required, in <c>SearchIndex</c> (unicode61 with
/// diacritics removed), ranked by bm25 with names weighing 10, related names 4 and descriptions 1. Approximate search,
/// only when the exact one finds nothing among the filtered records: the trigrams of the terms, any of them, in
/// <c>SearchTrigrams</c> (names and related names) give the <see cref="MaxCandidates"/> best candidates by bm25,
/// which are then kept only if every term is within the edit distance <see cref="TextSearchMode.Approximate"/> allows.
/// Index maintenance: triggers queue dirty documents in <c>SearchIndexQueue</c> (migration <c>SearchIndexQueue</c>);
/// <see cref="RefreshAsync(DbConnection, DbTransaction?, CancellationToken)"/> rebuilds them set-based from the
/// <c>SearchDocuments_*</c> views (see <see cref="ITextSearch"/> for when).
/// </summary>
public sealed class SqliteTextSearch : ITextSearch
{
    /// <summary>How many trigram candidates an approximate search checks at most.</summary>
    public const int MaxCandidates = 500;

    /// <summary>The table of documents to rebuild: (kind number, record id), each once.</summary>
    public const string QueueTable = "SearchIndexQueue";

    private const long KindSpan = 4294967296L;

    private const string PendingSql = $"""SELECT EXISTS (SELECT 1 FROM "{QueueTable}") AS "Value" """;

    private const string CountSql = $"""SELECT count(*) AS "Value" FROM "{QueueTable}" """;

    /// <summary>
    /// Deletes the queued documents from both tables, inserts them again from their views (a deleted record has no
    /// row there, so its document stays deleted) and empties the queue: one pass per kind, whatever the queue holds.
    /// </summary>
    internal static readonly string RefreshSql = BuildRefreshSql();

    public async Task<TextSearchHits> SearchAsync<T>(DirectoryDbContext db, IQueryable<T> filtered, SearchTerms terms, CancellationToken cancellationToken)
        where T : Entity
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filtered);
        ArgumentNullException.ThrowIfNull(terms);
        await RefreshAsync(db, cancellationToken).ConfigureAwait(false);
        var low = TextSearchKinds.Number(typeof(T)) * KindSpan;
        var high = low + KindSpan - 1;
        var match = MatchExpression(terms);
        var exactIds = ExactIds(db, match, low, high);
        // Matches first, each looked up in the list, stopping at the first found: asking the list whether any of its
        // records is among the matches would build a table of every match first (at a million services, 110,000 rows).
        if (await exactIds.AnyAsync(id => filtered.Any(e => e.Id == id), cancellationToken).ConfigureAwait(false))
        {
            return new TextSearchHits(TextSearchMode.Exact, Exact(db, match, low, high), exactIds)
            {
                ReadIds = NativeReads.Enabled(db) ? (limit, ct) => ReadExactIdsAsync(db, match, low, high, limit, ct) : null,
                ReadRanks = NativeReads.Enabled(db) ? (ids, ct) => ReadExactRanksAsync(db, match, low, high, ids, ct) : null,
            };
        }

        var approximate = await ApproximateAsync(db, filtered, terms, low, high, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(approximate);
        return new TextSearchHits(
            TextSearchMode.Approximate,
            db.Database.SqlQuery<TextMatch>($"""
                SELECT CAST("key" AS REAL) AS "Rank", "value" AS "Id" FROM json_each({json})
                LIMIT -1
                """),
            db.Database.SqlQuery<int>($"""
                SELECT "value" AS "Value" FROM json_each({json})
                LIMIT -1
                """));
    }

    public Task<int> RefreshAsync(DirectoryDbContext db, CancellationToken cancellationToken) => RefreshAsync((DbContext)db, cancellationToken);

    /// <summary>
    /// <see cref="ITextSearch.RefreshAsync"/> on any context of the Directory's database: in its current transaction,
    /// else in one of its own (<c>BEGIN IMMEDIATE</c>, so concurrent refreshes queue up instead of failing).
    /// </summary>
    public static async Task<int> RefreshAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = await db.Database.SqlQueryRaw<bool>(PendingSql).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (!pending[0])
        {
            return 0;
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            // Counted again inside the transaction: a concurrent refresh may have emptied the queue meanwhile.
            var count = (await db.Database.SqlQueryRaw<int>(CountSql).ToListAsync(cancellationToken).ConfigureAwait(false))[0];
            if (count > 0)
            {
                await db.Database.ExecuteSqlRawAsync(RefreshSql, cancellationToken).ConfigureAwait(false);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return count;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The synchronous <see cref="RefreshAsync(DbContext, CancellationToken)"/>, for a synchronous <c>SaveChanges</c>.</summary>
    public static int Refresh(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.SqlQueryRaw<bool>(PendingSql).ToList()[0])
        {
            return 0;
        }

        using var own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        var count = db.Database.SqlQueryRaw<int>(CountSql).ToList()[0];
        if (count > 0)
        {
            db.Database.ExecuteSqlRaw(RefreshSql);
        }

        own?.Commit();
        return count;
    }

    /// <summary>
    /// <see cref="ITextSearch.RefreshAsync"/> for writers working on a bare connection (bulk loaders): call it before
    /// committing each batch, with the batch's transaction, so the index commits with the data. Without a transaction
    /// it opens one of its own.
    /// </summary>
    public static async Task<int> RefreshAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Convert.ToInt64(await ScalarAsync(connection, transaction, PendingSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        var own = transaction is null ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            var active = transaction ?? own;
            var count = Convert.ToInt32(await ScalarAsync(connection, active, CountSql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (count > 0)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = active;
                command.CommandText = RefreshSql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return count;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string BuildRefreshSql()
    {
        var sql = new StringBuilder();
        foreach (var table in new[] { "SearchIndex", "SearchTrigrams" })
        {
            sql.Append(CultureInfo.InvariantCulture, $"""DELETE FROM "{table}" WHERE "rowid" IN (SELECT "Kind" * {KindSpan} + "Id" FROM "{QueueTable}");""").Append('\n');
        }

        foreach (var (type, number) in TextSearchKinds.All.OrderBy(k => k.Value))
        {
            // CROSS JOIN: SQLite keeps the left table outside, so the queue drives the join whatever the statistics say
            // about the sizes of the queue and of the tables behind the view.
            var documents = $"""FROM "{QueueTable}" AS q CROSS JOIN "SearchDocuments_{type.Name}" AS d WHERE d."Id" = q."Id" AND q."Kind" = {number}""";
            sql.Append(CultureInfo.InvariantCulture, $"""INSERT INTO "SearchIndex" ("rowid", "Names", "Related", "Descriptions") SELECT {number * KindSpan} + d."Id", d."Names", d."Related", d."Descriptions" {documents};""").Append('\n');
            sql.Append(CultureInfo.InvariantCulture, $"""INSERT INTO "SearchTrigrams" ("rowid", "Names", "Related") SELECT {number * KindSpan} + d."Id", d."Names", d."Related" {documents};""").Append('\n');
        }

        return sql.Append(CultureInfo.InvariantCulture, $"""DELETE FROM "{QueueTable}";""").ToString();
    }

    /// <summary>The FTS5 query for exact search: every term a quoted prefix, all required.</summary>
    public static string MatchExpression(SearchTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return string.Join(' ', terms.Terms.Select(t => Quote(t) + "*"));
    }

    /// <summary>The FTS5 query for approximate candidates: any trigram of any term of three letters or more.</summary>
    public static string? TrigramExpression(SearchTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var trigrams = terms.Folded
            .SelectMany(t => Enumerable.Range(0, Math.Max(0, t.Length - 2)).Select(i => t.Substring(i, 3)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return trigrams.Count == 0 ? null : string.Join(" OR ", trigrams.Select(Quote));
    }

    /// <remarks>
    /// <c>LIMIT -1</c> (no limit) keeps SQLite from flattening these subqueries (full-text match, list of approximate
    /// matches) into the caller's join, where it could pick a plan that runs them once per filtered row; as written
    /// each runs once per statement.
    /// </remarks>
    private static IQueryable<TextMatch> Exact(DirectoryDbContext db, string match, long low, long high) =>
        db.Database.SqlQuery<TextMatch>($"""
            SELECT "rowid" - {low} AS "Id", bm25("SearchIndex", 10.0, 4.0, 1.0) AS "Rank"
            FROM "SearchIndex" WHERE "SearchIndex" MATCH {match} AND "rowid" BETWEEN {low} AND {high}
            LIMIT -1
            """);

    /// <summary>The ids <see cref="Exact"/> ranks, without ranking them (bm25 reads each match's statistics).</summary>
    private static IQueryable<int> ExactIds(DirectoryDbContext db, string match, long low, long high) =>
        db.Database.SqlQuery<int>($"""
            SELECT "rowid" - {low} AS "Value"
            FROM "SearchIndex" WHERE "SearchIndex" MATCH {match} AND "rowid" BETWEEN {low} AND {high}
            LIMIT -1
            """);

    private const string ExactIdsSql = """
        SELECT "rowid" - $low FROM "SearchIndex" WHERE "SearchIndex" MATCH $match AND "rowid" BETWEEN $low AND $high
        """;

    /// <summary><see cref="ExactIds"/> read natively (on the pooled reading connections), up to <paramref name="limit"/>.</summary>
    private static Task<List<int>> ReadExactIdsAsync(DirectoryDbContext db, string match, long low, long high, int limit, CancellationToken cancellationToken) =>
        NativeReads.RunAsync(db, ExactIdsSql, statement =>
        {
            statement.Bind("$match", match).Bind("$low", low).Bind("$high", high);
            var ids = new List<int>();
            while (ids.Count < limit && statement.Step())
            {
                ids.Add((int)statement.Whole(0));
            }

            return ids;
        }, cancellationToken);

    // The ids are compared with an expression of the rowid, not the rowid itself: given "rowid IN (...)", FTS5 would be
    // asked for each id on its own, merging the term's prefix lists each time.
    private const string ExactRanksSql = """
        SELECT "rowid" - $low, bm25("SearchIndex", 10.0, 4.0, 1.0) FROM "SearchIndex"
        WHERE "SearchIndex" MATCH $match AND "rowid" BETWEEN $low AND $high
          AND "rowid" - $low IN (SELECT "value" FROM json_each($ids))
        """;

    /// <summary>
    /// The ranks of the exact matches among <paramref name="ids"/>: the matches are walked once, and only those among the
    /// ids are ranked (bm25 is computed for the rows the statement returns, after its filter), so a few thousand matches
    /// near a point cost little more than finding them, however many match in all.
    /// </summary>
    private static Task<Dictionary<int, double>> ReadExactRanksAsync(DirectoryDbContext db, string match, long low, long high, List<int> ids, CancellationToken cancellationToken) =>
        NativeReads.RunAsync(db, ExactRanksSql, statement =>
        {
            statement.Bind("$match", match).Bind("$low", low).Bind("$high", high).BindJsonArray("$ids", ids);
            var ranks = new Dictionary<int, double>();
            while (statement.Step())
            {
                ranks[(int)statement.Whole(0)] = statement.Real(1);
            }

            return ranks;
        }, cancellationToken);

    /// <summary>Ids of the approximate matches, best first (by trigram bm25, ties by id).</summary>
    private static async Task<List<int>> ApproximateAsync<T>(
        DirectoryDbContext db, IQueryable<T> filtered, SearchTerms terms, long low, long high, CancellationToken cancellationToken)
        where T : Entity
    {
        if (TrigramExpression(terms) is not { } match)
        {
            return [];
        }

        var candidates = await (
            from e in filtered
            join c in db.Database.SqlQuery<TrigramCandidate>($"""
                SELECT "rowid" - {low} AS "Id", bm25("SearchTrigrams", 10.0, 4.0) AS "Rank", coalesce("Names", '') || ' ' || coalesce("Related", '') AS "Text"
                FROM "SearchTrigrams" WHERE "SearchTrigrams" MATCH {match} AND "rowid" BETWEEN {low} AND {high}
                LIMIT -1
                """) on e.Id equals c.Id
            orderby c.Rank, c.Id
            select c)
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var folded = terms.Folded;
        return [.. candidates.Where(c => Matches(folded, c.Text)).Select(c => c.Id)];
    }

    /// <summary>Whether every (folded) term approximately starts a word of <paramref name="text"/>.</summary>
    public static bool Matches(IReadOnlyList<string> foldedTerms, string text)
    {
        ArgumentNullException.ThrowIfNull(foldedTerms);
        ArgumentNullException.ThrowIfNull(text);
        var words = SearchTerms.Words(TextFolding.Fold(text)).Distinct(StringComparer.Ordinal).ToList();
        return foldedTerms.All(term => words.Any(word => IsClose(term, word)));
    }

    /// <summary>Edits a term of this length may be away from the start of a word.</summary>
    public static int AllowedEdits(int termLength) => termLength switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };

    /// <summary>Whether <paramref name="term"/> is within the allowed edits of some prefix of <paramref name="word"/>.</summary>
    public static bool IsClose(string term, string word)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(word);
        if (word.StartsWith(term, StringComparison.Ordinal))
        {
            return true;
        }

        var edits = AllowedEdits(term.Length);
        for (var length = Math.Max(1, term.Length - edits); edits > 0 && length <= Math.Min(word.Length, term.Length + edits); length++)
        {
            if (Distance(term, word.AsSpan(0, length)) <= edits)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    internal static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            rows[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, rows[i - 2, j - 2] + 1);
                }

                rows[i, j] = best;
            }
        }

        return rows[a.Length, b.Length];
    }

    private static string Quote(string term)
    {
        var builder = new StringBuilder(term.Length + 2).Append('"');
        foreach (var c in term)
        {
            builder.Append(c == '"' ? "\"\"" : c.ToString(CultureInfo.InvariantCulture));
        }

        return builder.Append('"').ToString();
    }
}

/// <summary>A record that an approximate search may match, with the text its terms are checked against.</summary>
public sealed class TrigramCandidate
{
    public int Id { get; init; }

    public double Rank { get; init; }

    public string Text { get; init; } = "";
}
