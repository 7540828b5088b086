using Directory.Model.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <summary>
    /// The R*Tree of the points where listed services are offered (<see cref="Geo.SqliteGeoSearch.ServiceIndexTable"/>):
    /// one entry per link of a listed service (not withdrawn, active or temporarily closed: the condition of the partial
    /// index <c>IX_Services_Listed</c>) to a location with coordinates, its id the service's id in the upper 32 bits and
    /// the location's in the lower ones. A plain near-me search reads its candidates from this index alone, instead of
    /// joining every point in the box with the links and the services. Kept in sync by triggers on the links, the
    /// locations' coordinates and the services' visibility, so every writer keeps it right (a deleted service or location
    /// deletes its links, whose trigger removes their entries). Written by hand, like <see cref="GeoIndex"/>.
    /// </summary>
    [DbContext(typeof(DirectoryDbContext))]
    [Migration("20261126140000_ServiceGeoIndex")]
    public partial class ServiceGeoIndex : Migration
    {
        /// <summary>The listed condition on a service row named <paramref name="row"/> (as of this migration).</summary>
        private static string Listed(string row) => $"""({row}."WithdrawnAt" IS NULL AND {row}."Status" IN ('Active', 'TemporarilyClosed'))""";

        /// <summary>The entry of the link a trigger's <c>NEW</c> row is, when its service is listed and its place located.</summary>
        private static readonly string InsertNewLink = $"""
            INSERT INTO "ServiceGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                    SELECT (NEW."ServiceId" << 32) | NEW."LocationId", l."Latitude", l."Latitude", l."Longitude", l."Longitude"
                    FROM "Locations" AS l, "Services" AS s
                    WHERE l."Id" = NEW."LocationId" AND s."Id" = NEW."ServiceId"
                      AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL AND {Listed("s")};
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ServiceGeoIndex" USING rtree("id", "minLat", "maxLat", "minLon", "maxLon");
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "ServiceGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                SELECT (sal."ServiceId" << 32) | sal."LocationId", l."Latitude", l."Latitude", l."Longitude", l."Longitude"
                FROM "ServiceAtLocations" AS sal
                JOIN "Locations" AS l ON l."Id" = sal."LocationId"
                JOIN "Services" AS s ON s."Id" = sal."ServiceId"
                WHERE l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL AND {Listed("s")};
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "ServiceAtLocations_GeoIndex_Insert" AFTER INSERT ON "ServiceAtLocations"
                BEGIN
                    {InsertNewLink}
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ServiceAtLocations_GeoIndex_Delete" AFTER DELETE ON "ServiceAtLocations"
                BEGIN
                    DELETE FROM "ServiceGeoIndex" WHERE "id" = (OLD."ServiceId" << 32) | OLD."LocationId";
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "ServiceAtLocations_GeoIndex_Update" AFTER UPDATE OF "ServiceId", "LocationId" ON "ServiceAtLocations"
                BEGIN
                    DELETE FROM "ServiceGeoIndex" WHERE "id" = (OLD."ServiceId" << 32) | OLD."LocationId";
                    {InsertNewLink}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Locations_GeoIndex_Services" AFTER UPDATE OF "Latitude", "Longitude" ON "Locations"
                WHEN OLD."Latitude" IS NOT NEW."Latitude" OR OLD."Longitude" IS NOT NEW."Longitude"
                BEGIN
                    DELETE FROM "ServiceGeoIndex" WHERE "id" IN (
                        SELECT (sal."ServiceId" << 32) | sal."LocationId" FROM "ServiceAtLocations" AS sal WHERE sal."LocationId" = OLD."Id");
                    INSERT INTO "ServiceGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                    SELECT (sal."ServiceId" << 32) | sal."LocationId", NEW."Latitude", NEW."Latitude", NEW."Longitude", NEW."Longitude"
                    FROM "ServiceAtLocations" AS sal JOIN "Services" AS s ON s."Id" = sal."ServiceId"
                    WHERE sal."LocationId" = NEW."Id" AND NEW."Latitude" IS NOT NULL AND NEW."Longitude" IS NOT NULL AND {Listed("s")};
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Services_GeoIndex_Visibility" AFTER UPDATE OF "WithdrawnAt", "Status" ON "Services"
                WHEN ({Listed("OLD")}) IS NOT ({Listed("NEW")})
                BEGIN
                    DELETE FROM "ServiceGeoIndex" WHERE "id" IN (
                        SELECT (sal."ServiceId" << 32) | sal."LocationId" FROM "ServiceAtLocations" AS sal WHERE sal."ServiceId" = OLD."Id");
                    INSERT INTO "ServiceGeoIndex" ("id", "minLat", "maxLat", "minLon", "maxLon")
                    SELECT (sal."ServiceId" << 32) | sal."LocationId", l."Latitude", l."Latitude", l."Longitude", l."Longitude"
                    FROM "ServiceAtLocations" AS sal JOIN "Locations" AS l ON l."Id" = sal."LocationId"
                    WHERE sal."ServiceId" = NEW."Id" AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL AND {Listed("NEW")};
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Services_GeoIndex_Visibility";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Locations_GeoIndex_Services";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ServiceAtLocations_GeoIndex_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ServiceAtLocations_GeoIndex_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ServiceAtLocations_GeoIndex_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "ServiceGeoIndex";""");
        }
    }
}
