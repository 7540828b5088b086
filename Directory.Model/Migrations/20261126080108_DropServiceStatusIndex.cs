using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Directory.Model.Migrations
{
    /// <inheritdoc />
    public partial class DropServiceStatusIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Services_Status",
                table: "Services");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Services_Status",
                table: "Services",
                column: "Status");
        }
    }
}
