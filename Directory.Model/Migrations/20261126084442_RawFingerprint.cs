using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <inheritdoc />
    public partial class RawFingerprint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "RawFingerprint",
                table: "RecordProvenance",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RawRunId",
                table: "RecordProvenance",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column itself (3.35+); EF's DropColumn operation is not supported by its SQLite provider.
            migrationBuilder.Sql("""ALTER TABLE "RecordProvenance" DROP COLUMN "RawRunId";""");
            migrationBuilder.Sql("""ALTER TABLE "RecordProvenance" DROP COLUMN "RawFingerprint";""");
        }
    }
}
