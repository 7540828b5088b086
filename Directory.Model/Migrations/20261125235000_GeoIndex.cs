using Directory.Model.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <summary>
    /// The R*Tree over location coordinates that <see cref="Geo.SqliteGeoSearch"/> prefilters by, kept in sync by
    /// triggers, so every writer (API, seeders, importers, a SQL shell) keeps it right. Written by hand: virtual
    /// tables and triggers are not part of the EF model, so the model snapshot does not change.
    /// </summary>
    [DbContext(typeof(DirectoryDbContext))]
    [Migration("20261125235000_GeoIndex")]
    public partial class GeoIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "LocationGeoIndex" USING rtree("id", "minLat", "maxLat", "minLon", "maxLon");
                """);
            migrationBuilder.Sql("""
                INSERT INTO "LocationGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                SELECT "Id", "Latitude", "Latitude", "Longitude", "Longitude" FROM "Locations"
                WHERE "Latitude" IS NOT NULL AND "Longitude" IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Locations_GeoIndex_Insert" AFTER INSERT ON "Locations"
                WHEN NEW."Latitude" IS NOT NULL AND NEW."Longitude" IS NOT NULL
                BEGIN
                    INSERT INTO "LocationGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                    VALUES (NEW."Id", NEW."Latitude", NEW."Latitude", NEW."Longitude", NEW."Longitude");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Locations_GeoIndex_Update" AFTER UPDATE OF "Id", "Latitude", "Longitude" ON "Locations"
                BEGIN
                    DELETE FROM "LocationGeoIndex" WHERE "id" = OLD."Id";
                    INSERT INTO "LocationGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                    SELECT NEW."Id", NEW."Latitude", NEW."Latitude", NEW."Longitude", NEW."Longitude"
                    WHERE NEW."Latitude" IS NOT NULL AND NEW."Longitude" IS NOT NULL;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Locations_GeoIndex_Delete" AFTER DELETE ON "Locations"
                BEGIN
                    DELETE FROM "LocationGeoIndex" WHERE "id" = OLD."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Locations_GeoIndex_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Locations_GeoIndex_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Locations_GeoIndex_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "LocationGeoIndex";""");
        }
    }
}
