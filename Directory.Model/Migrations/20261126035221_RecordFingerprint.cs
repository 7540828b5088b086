using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <inheritdoc />
    public partial class RecordFingerprint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Fingerprint",
                table: "RecordProvenance",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column itself (3.35+); EF's DropColumn operation is not supported by its SQLite provider.
            migrationBuilder.Sql("""ALTER TABLE "RecordProvenance" DROP COLUMN "Fingerprint";""");
        }
    }
}
