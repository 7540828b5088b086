using System.Globalization;
using Directory.Model.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <summary>
    /// The full-text index that <see cref="Search.SqliteTextSearch"/> answers from: one document per searchable record
    /// (service, organization, procedure, association, council) in two FTS5 tables, <c>SearchIndex</c> (words,
    /// accent- and case-insensitive) and <c>SearchTrigrams</c> (trigrams of names, for misspellings). A view per kind
    /// says what a document holds; triggers on every source table recompute the affected documents, so every writer
    /// (API, seeders, importers, a SQL shell) keeps the index right. Built from the data already stored. Written by
    /// hand: virtual tables, views and triggers are not part of the EF model, so the model snapshot does not change.
    /// The SQL is generated here from constants of this migration only, so it never changes after release.
    /// </summary>
    /// <remarks>
    /// A document's FTS rowid is <c>kind × 2³² + id</c> (kinds: 1 service, 2 organization, 3 procedure, 4 association,
    /// 5 council), so one kind is a rowid range. Needs SQLite 3.45 or later (trigram tokenizer with
    /// <c>remove_diacritics</c>, <c>concat_ws</c>); the bundled SQLite is newer.
    /// </remarks>
    [DbContext(typeof(DirectoryDbContext))]
    [Migration("20261126010000_SearchIndex")]
    public partial class SearchIndex : Migration
    {
        private const string Words = "SearchIndex";
        private const string Trigrams = "SearchTrigrams";

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
                CREATE VIRTUAL TABLE "{Words}" USING fts5("Names", "Related", "Descriptions", tokenize = "unicode61 remove_diacritics 2", prefix = '2 3');
                """);
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE "{Trigrams}" USING fts5("Names", "Related", tokenize = "trigram remove_diacritics 1");
                """);

            migrationBuilder.Sql($"""
                CREATE VIEW "SearchDocuments_Service" AS
                SELECT s."Id" AS "Id",
                    concat_ws(' ', s."Name", s."AlternateName", {Translated("Service", "s.\"Id\"", NameFields)}) AS "Names",
                    concat_ws(' ', o."Name", o."AlternateName", {Translated("Organization", "o.\"Id\"", NameFields)},
                        (SELECT group_concat(concat_ws(' ', c."Name", {Translated("Category", "c.\"Id\"", "'name'")}), ' ')
                         FROM "ServiceCategories" AS sc JOIN "Categories" AS c ON c."Id" = sc."CategoryId"
                         WHERE sc."ServiceId" = s."Id")) AS "Related",
                    concat_ws(' ', s."ShortDescription", s."Description", {Translated("Service", "s.\"Id\"", DescriptionFields)}) AS "Descriptions"
                FROM "Services" AS s LEFT JOIN "Organizations" AS o ON o."Id" = s."OrganizationId";
                """);
            migrationBuilder.Sql($"""
                CREATE VIEW "SearchDocuments_Organization" AS
                SELECT o."Id" AS "Id",
                    concat_ws(' ', o."Name", o."AlternateName", {Translated("Organization", "o.\"Id\"", NameFields)}) AS "Names",
                    NULL AS "Related",
                    concat_ws(' ', o."Description", {Translated("Organization", "o.\"Id\"", DescriptionFields)}) AS "Descriptions"
                FROM "Organizations" AS o;
                """);
            migrationBuilder.Sql($"""
                CREATE VIEW "SearchDocuments_Procedure" AS
                SELECT p."Id" AS "Id",
                    concat_ws(' ', p."Title", {Translated("Procedure", "p.\"Id\"", NameFields)}) AS "Names",
                    (SELECT group_concat(concat_ws(' ', st."Title", {Translated("ProcedureStep", "st.\"Id\"", "'title'")}), ' ')
                     FROM "ProcedureSteps" AS st WHERE st."ProcedureId" = p."Id") AS "Related",
                    concat_ws(' ', p."Summary", {Translated("Procedure", "p.\"Id\"", DescriptionFields)}) AS "Descriptions"
                FROM "Procedures" AS p;
                """);
            migrationBuilder.Sql($"""
                CREATE VIEW "SearchDocuments_Association" AS
                SELECT a."Id" AS "Id",
                    concat_ws(' ', a."Name", {Translated("Association", "a.\"Id\"", NameFields)}) AS "Names",
                    NULL AS "Related",
                    concat_ws(' ', a."Description", {Translated("Association", "a.\"Id\"", DescriptionFields)}) AS "Descriptions"
                FROM "Associations" AS a;
                """);
            migrationBuilder.Sql($"""
                CREATE VIEW "SearchDocuments_RepresentativeCouncil" AS
                SELECT c."Id" AS "Id",
                    concat_ws(' ', c."Name", {Translated("RepresentativeCouncil", "c.\"Id\"", NameFields)}) AS "Names",
                    NULL AS "Related",
                    concat_ws(' ', c."Description", {Translated("RepresentativeCouncil", "c.\"Id\"", DescriptionFields)}) AS "Descriptions"
                FROM "Councils" AS c;
                """);

            foreach (var kind in Kinds)
            {
                migrationBuilder.Sql(Insert(kind, null));
            }

            // The searchable records themselves.
            foreach (var kind in Kinds)
            {
                var columns = kind == Service ? "\"Name\", \"AlternateName\", \"ShortDescription\", \"Description\", \"OrganizationId\""
                    : kind == Organization ? "\"Name\", \"AlternateName\", \"Description\""
                    : kind == Procedure ? "\"Title\", \"Summary\""
                    : "\"Name\", \"Description\"";
                // A new record has no document yet (ids are never reused), so inserting is enough; deleting first would
                // make FTS5 flush its pending writes on every row of a bulk load.
                Trigger(migrationBuilder, $"{kind.Table}_Search_Insert", $"AFTER INSERT ON \"{kind.Table}\"", Insert(kind, "SELECT NEW.\"Id\" AS \"Id\""));
                Trigger(migrationBuilder, $"{kind.Table}_Search_Update", $"AFTER UPDATE OF \"Id\", {columns} ON \"{kind.Table}\"", Refresh(kind, "SELECT OLD.\"Id\" AS \"Id\" UNION SELECT NEW.\"Id\" AS \"Id\""));
                Trigger(migrationBuilder, $"{kind.Table}_Search_Delete", $"AFTER DELETE ON \"{kind.Table}\"", Refresh(kind, "SELECT OLD.\"Id\" AS \"Id\""));
            }

            // What a service's document borrows: its organization's names and its categories' names.
            Trigger(migrationBuilder, "Organizations_Search_UpdateServices", "AFTER UPDATE OF \"Name\", \"AlternateName\" ON \"Organizations\"",
                Refresh(Service, "SELECT \"Id\" FROM \"Services\" WHERE \"OrganizationId\" = NEW.\"Id\""));
            Trigger(migrationBuilder, "ServiceCategories_Search_Insert", "AFTER INSERT ON \"ServiceCategories\"", Refresh(Service, "SELECT NEW.\"ServiceId\" AS \"Id\""));
            Trigger(migrationBuilder, "ServiceCategories_Search_Update", "AFTER UPDATE ON \"ServiceCategories\"", Refresh(Service, "SELECT OLD.\"ServiceId\" AS \"Id\" UNION SELECT NEW.\"ServiceId\" AS \"Id\""));
            Trigger(migrationBuilder, "ServiceCategories_Search_Delete", "AFTER DELETE ON \"ServiceCategories\"", Refresh(Service, "SELECT OLD.\"ServiceId\" AS \"Id\""));
            Trigger(migrationBuilder, "Categories_Search_Update", "AFTER UPDATE OF \"Name\" ON \"Categories\"",
                Refresh(Service, "SELECT \"ServiceId\" AS \"Id\" FROM \"ServiceCategories\" WHERE \"CategoryId\" = NEW.\"Id\""));

            // A procedure's document holds its steps' titles.
            Trigger(migrationBuilder, "ProcedureSteps_Search_Insert", "AFTER INSERT ON \"ProcedureSteps\"", Refresh(Procedure, "SELECT NEW.\"ProcedureId\" AS \"Id\""));
            Trigger(migrationBuilder, "ProcedureSteps_Search_Update", "AFTER UPDATE OF \"Title\", \"ProcedureId\" ON \"ProcedureSteps\"",
                Refresh(Procedure, "SELECT OLD.\"ProcedureId\" AS \"Id\" UNION SELECT NEW.\"ProcedureId\" AS \"Id\""));
            Trigger(migrationBuilder, "ProcedureSteps_Search_Delete", "AFTER DELETE ON \"ProcedureSteps\"", Refresh(Procedure, "SELECT OLD.\"ProcedureId\" AS \"Id\""));

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
                    var body = Refresh(kind, Keys(kind.Type, Own));
                    if (kind == Organization)
                    {
                        body += Refresh(Service, Keys(kind.Type, "SELECT \"Id\" FROM \"Services\" WHERE \"OrganizationId\" = CAST({ROW}.\"EntityKey\" AS INTEGER)"));
                    }

                    Trigger(migrationBuilder, $"Translations_Search_{kind.Type}_{when}", $"{on} WHEN {Guard(kind.Type)}", body);
                }

                Trigger(migrationBuilder, $"Translations_Search_Category_{when}", $"{on} WHEN {Guard("Category")}",
                    Refresh(Service, Keys("Category", "SELECT \"ServiceId\" AS \"Id\" FROM \"ServiceCategories\" WHERE \"CategoryId\" = CAST({ROW}.\"EntityKey\" AS INTEGER)")));
                Trigger(migrationBuilder, $"Translations_Search_ProcedureStep_{when}", $"{on} WHEN {Guard("ProcedureStep")}",
                    Refresh(Procedure, Keys("ProcedureStep", "SELECT \"ProcedureId\" AS \"Id\" FROM \"ProcedureSteps\" WHERE \"Id\" = CAST({ROW}.\"EntityKey\" AS INTEGER)")));
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var kind in Kinds)
            {
                foreach (var suffix in new[] { "Insert", "Update", "Delete" })
                {
                    migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{kind.Table}_Search_{suffix}";""");
                }
            }

            foreach (var name in new[]
            {
                "Organizations_Search_UpdateServices", "ServiceCategories_Search_Insert", "ServiceCategories_Search_Update", "ServiceCategories_Search_Delete",
                "Categories_Search_Update", "ProcedureSteps_Search_Insert", "ProcedureSteps_Search_Update", "ProcedureSteps_Search_Delete",
            })
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
            }

            foreach (var type in Kinds.Select(k => k.Type).Append("Category").Append("ProcedureStep"))
            {
                foreach (var when in new[] { "INSERT", "DELETE", "UPDATE" })
                {
                    migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "Translations_Search_{type}_{when}";""");
                }
            }

            foreach (var kind in Kinds)
            {
                migrationBuilder.Sql($"""DROP VIEW IF EXISTS "SearchDocuments_{kind.Type}";""");
            }

            migrationBuilder.Sql($"""DROP TABLE IF EXISTS "{Trigrams}";""");
            migrationBuilder.Sql($"""DROP TABLE IF EXISTS "{Words}";""");
        }

        /// <summary>The record's translations of the given fields, in all languages, as one text (null when none).</summary>
        private static string Translated(string type, string key, string fields) =>
            $"(SELECT group_concat(t.\"Text\", ' ') FROM \"Translations\" AS t WHERE t.\"EntityType\" = '{type}' AND t.\"EntityKey\" = CAST({key} AS TEXT) AND t.\"Field\" IN ({fields}))";

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
