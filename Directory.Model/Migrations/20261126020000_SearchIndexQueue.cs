using System.Globalization;
using Directory.Model.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <summary>
    /// Full-text index maintenance as a queue of dirty documents. The triggers of <see cref="SearchIndex"/> recomputed
    /// every affected document on every written row, running the document view's joins each time (a service inserted
    /// with three categories and a translation was rebuilt five times). Now the same triggers, on the same tables,
    /// columns and conditions, only note the affected documents in <c>SearchIndexQueue</c> (kind, id; each once), and
    /// <see cref="Search.SqliteTextSearch.RefreshAsync(System.Data.Common.DbConnection, System.Data.Common.DbTransaction, System.Threading.CancellationToken)"/>
    /// rebuilds the queued documents set-based and empties the queue (see <see cref="Search.ITextSearch"/> for when
    /// it runs). The index already stored is kept as it is: it was in sync when the old triggers were dropped.
    /// Written by hand like <see cref="SearchIndex"/>; its SQL comes from constants of this migration only.
    /// </summary>
    /// <remarks>
    /// <see cref="Down"/> first applies whatever is queued, then restores the per-row triggers exactly as
    /// <see cref="SearchIndex"/> created them: <see cref="Triggers"/> is the one list of what each trigger watches,
    /// with the old per-row bodies (<see cref="Insert"/>, <see cref="Refresh"/>, copied from that migration) or the new
    /// queue bodies (<see cref="Enqueue"/>), so both schemes cover the same writes.
    /// </remarks>
    [DbContext(typeof(DirectoryDbContext))]
    [Migration("20261126020000_SearchIndexQueue")]
    public partial class SearchIndexQueue : Migration
    {
        private const string Words = "SearchIndex";
        private const string Trigrams = "SearchTrigrams";
        private const string Queue = "SearchIndexQueue";

        /// <summary>The middle part of the names of the per-row triggers of <see cref="SearchIndex"/>.</summary>
        private const string RowTag = "Search";

        /// <summary>The middle part of the names of the queueing triggers.</summary>
        private const string QueueTag = "SearchQueue";

        /// <summary>Translated fields that are searched.</summary>
        private const string NameFields = "'name', 'alternateName', 'title'";
        private const string DescriptionFields = "'shortDescription', 'description', 'summary'";
        private const string SearchedFields = NameFields + ", " + DescriptionFields;

        private static readonly Kind Service = new(1, "Service", "Services");
        private static readonly Kind Organization = new(2, "Organization", "Organizations");
        private static readonly Kind Procedure = new(3, "Procedure", "Procedures");
        private static readonly Kind Association = new(4, "Association", "Associations");
        private static readonly Kind Council = new(5, "RepresentativeCouncil", "Councils");
        private static readonly Kind[] Kinds = [Service, Organization, Procedure, Association, Council];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "{Queue}" ("Kind" INTEGER NOT NULL, "Id" INTEGER NOT NULL, PRIMARY KEY ("Kind", "Id")) WITHOUT ROWID;
                """);
            foreach (var name in TriggerNames(RowTag))
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
            }

            Triggers(migrationBuilder, QueueTag, Enqueue, Enqueue);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Documents still queued are rebuilt now: the per-row triggers only ever see later writes.
            migrationBuilder.Sql(RefreshQueued());
            foreach (var name in TriggerNames(QueueTag))
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
            }

            migrationBuilder.Sql($"""DROP TABLE IF EXISTS "{Queue}";""");
            Triggers(migrationBuilder, RowTag, Insert, Refresh);
        }

        /// <summary>
        /// Creates the triggers that follow every write to what a document holds. <paramref name="inserted"/> writes the
        /// body for a searchable record just inserted (it has no document yet), <paramref name="changed"/> for every
        /// other case; each gets the kind of the documents concerned and a query selecting their ids as <c>"Id"</c>.
        /// </summary>
        private static void Triggers(MigrationBuilder migrationBuilder, string tag, Func<Kind, string, string> inserted, Func<Kind, string, string> changed)
        {
            // The searchable records themselves.
            foreach (var kind in Kinds)
            {
                var columns = kind == Service ? "\"Name\", \"AlternateName\", \"ShortDescription\", \"Description\", \"OrganizationId\""
                    : kind == Organization ? "\"Name\", \"AlternateName\", \"Description\""
                    : kind == Procedure ? "\"Title\", \"Summary\""
                    : "\"Name\", \"Description\"";
                Trigger(migrationBuilder, $"{kind.Table}_{tag}_Insert", $"AFTER INSERT ON \"{kind.Table}\"", inserted(kind, "SELECT NEW.\"Id\" AS \"Id\""));
                Trigger(migrationBuilder, $"{kind.Table}_{tag}_Update", $"AFTER UPDATE OF \"Id\", {columns} ON \"{kind.Table}\"", changed(kind, "SELECT OLD.\"Id\" AS \"Id\" UNION SELECT NEW.\"Id\" AS \"Id\""));
                Trigger(migrationBuilder, $"{kind.Table}_{tag}_Delete", $"AFTER DELETE ON \"{kind.Table}\"", changed(kind, "SELECT OLD.\"Id\" AS \"Id\""));
            }

            // What a service's document borrows: its organization's names and its categories' names.
            Trigger(migrationBuilder, $"Organizations_{tag}_UpdateServices", "AFTER UPDATE OF \"Name\", \"AlternateName\" ON \"Organizations\"",
                changed(Service, "SELECT \"Id\" FROM \"Services\" WHERE \"OrganizationId\" = NEW.\"Id\""));
            Trigger(migrationBuilder, $"ServiceCategories_{tag}_Insert", "AFTER INSERT ON \"ServiceCategories\"", changed(Service, "SELECT NEW.\"ServiceId\" AS \"Id\""));
            Trigger(migrationBuilder, $"ServiceCategories_{tag}_Update", "AFTER UPDATE ON \"ServiceCategories\"", changed(Service, "SELECT OLD.\"ServiceId\" AS \"Id\" UNION SELECT NEW.\"ServiceId\" AS \"Id\""));
            Trigger(migrationBuilder, $"ServiceCategories_{tag}_Delete", "AFTER DELETE ON \"ServiceCategories\"", changed(Service, "SELECT OLD.\"ServiceId\" AS \"Id\""));
            Trigger(migrationBuilder, $"Categories_{tag}_Update", "AFTER UPDATE OF \"Name\" ON \"Categories\"",
                changed(Service, "SELECT \"ServiceId\" AS \"Id\" FROM \"ServiceCategories\" WHERE \"CategoryId\" = NEW.\"Id\""));

            // A procedure's document holds its steps' titles.
            Trigger(migrationBuilder, $"ProcedureSteps_{tag}_Insert", "AFTER INSERT ON \"ProcedureSteps\"", changed(Procedure, "SELECT NEW.\"ProcedureId\" AS \"Id\""));
            Trigger(migrationBuilder, $"ProcedureSteps_{tag}_Update", "AFTER UPDATE OF \"Title\", \"ProcedureId\" ON \"ProcedureSteps\"",
                changed(Procedure, "SELECT OLD.\"ProcedureId\" AS \"Id\" UNION SELECT NEW.\"ProcedureId\" AS \"Id\""));
            Trigger(migrationBuilder, $"ProcedureSteps_{tag}_Delete", "AFTER DELETE ON \"ProcedureSteps\"", changed(Procedure, "SELECT OLD.\"ProcedureId\" AS \"Id\""));

            // Translations, by the type of the record they translate.
            foreach (var (row, when) in new[] { ("NEW", "INSERT"), ("OLD", "DELETE"), ("ROW", "UPDATE") })
            {
                var on = when == "UPDATE" ? "AFTER UPDATE OF \"EntityType\", \"EntityKey\", \"Field\", \"Text\" ON \"Translations\"" : $"AFTER {when} ON \"Translations\"";
                string Keys(string type, string select) => row == "ROW"
                    ? $"{select.Replace("{ROW}", "OLD", StringComparison.Ordinal)} AND OLD.\"EntityType\" = '{type}' UNION {select.Replace("{ROW}", "NEW", StringComparison.Ordinal)} AND NEW.\"EntityType\" = '{type}'"
                    : $"{select.Replace("{ROW}", row, StringComparison.Ordinal)} AND {row}.\"EntityType\" = '{type}'";
                string Guard(string type) => row == "ROW"
                    ? $"(OLD.\"EntityType\" = '{type}' AND OLD.\"Field\" IN ({SearchedFields})) OR (NEW.\"EntityType\" = '{type}' AND NEW.\"Field\" IN ({SearchedFields}))"
                    : $"{row}.\"EntityType\" = '{type}' AND {row}.\"Field\" IN ({SearchedFields})";
                const string Own = "SELECT CAST({ROW}.\"EntityKey\" AS INTEGER) AS \"Id\" WHERE 1";
                foreach (var kind in Kinds)
                {
                    var body = changed(kind, Keys(kind.Type, Own));
                    if (kind == Organization)
                    {
                        body += changed(Service, Keys(kind.Type, "SELECT \"Id\" FROM \"Services\" WHERE \"OrganizationId\" = CAST({ROW}.\"EntityKey\" AS INTEGER)"));
                    }

                    Trigger(migrationBuilder, $"Translations_{tag}_{kind.Type}_{when}", $"{on} WHEN {Guard(kind.Type)}", body);
                }

                Trigger(migrationBuilder, $"Translations_{tag}_Category_{when}", $"{on} WHEN {Guard("Category")}",
                    changed(Service, Keys("Category", "SELECT \"ServiceId\" AS \"Id\" FROM \"ServiceCategories\" WHERE \"CategoryId\" = CAST({ROW}.\"EntityKey\" AS INTEGER)")));
                Trigger(migrationBuilder, $"Translations_{tag}_ProcedureStep_{when}", $"{on} WHEN {Guard("ProcedureStep")}",
                    changed(Procedure, Keys("ProcedureStep", "SELECT \"ProcedureId\" AS \"Id\" FROM \"ProcedureSteps\" WHERE \"Id\" = CAST({ROW}.\"EntityKey\" AS INTEGER)")));
            }
        }

        /// <summary>The names of the triggers <see cref="Triggers"/> creates with <paramref name="tag"/>.</summary>
        private static IEnumerable<string> TriggerNames(string tag)
        {
            foreach (var kind in Kinds)
            {
                foreach (var suffix in new[] { "Insert", "Update", "Delete" })
                {
                    yield return $"{kind.Table}_{tag}_{suffix}";
                }
            }

            foreach (var name in new[]
            {
                "Organizations_{0}_UpdateServices", "ServiceCategories_{0}_Insert", "ServiceCategories_{0}_Update", "ServiceCategories_{0}_Delete",
                "Categories_{0}_Update", "ProcedureSteps_{0}_Insert", "ProcedureSteps_{0}_Update", "ProcedureSteps_{0}_Delete",
            })
            {
                yield return string.Format(CultureInfo.InvariantCulture, name, tag);
            }

            foreach (var type in Kinds.Select(k => k.Type).Append("Category").Append("ProcedureStep"))
            {
                foreach (var when in new[] { "INSERT", "DELETE", "UPDATE" })
                {
                    yield return $"Translations_{tag}_{type}_{when}";
                }
            }
        }

        /// <summary>Queues the documents of <paramref name="kind"/> whose ids <paramref name="ids"/> selects (each once).</summary>
        private static string Enqueue(Kind kind, string ids) => $"""
            INSERT OR IGNORE INTO "{Queue}" ("Kind", "Id") SELECT {kind.Number.ToString(CultureInfo.InvariantCulture)}, "Id" FROM ({ids});

            """;

        /// <summary>Rebuilds every queued document from its view (deleted records lose theirs) and empties the queue.</summary>
        private static string RefreshQueued()
        {
            var sql = new System.Text.StringBuilder();
            foreach (var table in new[] { Words, Trigrams })
            {
                sql.Append(CultureInfo.InvariantCulture, $"""DELETE FROM "{table}" WHERE rowid IN (SELECT "Kind" * 4294967296 + "Id" FROM "{Queue}");""").Append('\n');
            }

            foreach (var kind in Kinds)
            {
                sql.Append(Insert(kind, $"SELECT \"Id\" FROM \"{Queue}\" WHERE \"Kind\" = {kind.Number.ToString(CultureInfo.InvariantCulture)}")).Append('\n');
            }

            return sql.Append(CultureInfo.InvariantCulture, $"""DELETE FROM "{Queue}";""").ToString();
        }

        // Insert, Refresh and Trigger below are those of SearchIndex, unchanged, so Down recreates its triggers to the letter.

        /// <summary>Copies the documents of <paramref name="kind"/> into both tables: those whose id <paramref name="ids"/> selects, or all.</summary>
        private static string Insert(Kind kind, string ids)
        {
            var where = ids is null ? "" : $" WHERE \"Id\" IN ({ids})";
            return $"""
                INSERT INTO "{Words}" (rowid, "Names", "Related", "Descriptions")
                SELECT {kind.Base} + "Id", "Names", "Related", "Descriptions" FROM "SearchDocuments_{kind.Type}"{where};
                INSERT INTO "{Trigrams}" (rowid, "Names", "Related")
                SELECT {kind.Base} + "Id", "Names", "Related" FROM "SearchDocuments_{kind.Type}"{where};
                """;
        }

        /// <summary>Recomputes the documents of the records of <paramref name="kind"/> whose ids <paramref name="ids"/> selects.</summary>
        private static string Refresh(Kind kind, string ids) => $"""
            DELETE FROM "{Words}" WHERE rowid IN (SELECT {kind.Base} + "Id" FROM ({ids}));
            DELETE FROM "{Trigrams}" WHERE rowid IN (SELECT {kind.Base} + "Id" FROM ({ids}));
            {Insert(kind, ids)}

            """;

        private static void Trigger(MigrationBuilder migrationBuilder, string name, string when, string body) =>
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{name}" {when}
                BEGIN
                {body}END;
                """);

        private sealed record Kind(int Number, string Type, string Table)
        {
            public string Base => (Number * 4294967296L).ToString(CultureInfo.InvariantCulture);
        }
    }
}
