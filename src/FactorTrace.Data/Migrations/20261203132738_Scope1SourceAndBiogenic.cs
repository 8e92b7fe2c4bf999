using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Scope1SourceAndBiogenic : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "biogenic_co2_kg",
                table: "emission_results",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "scope1_source",
                table: "emission_results",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "scope1_source",
                table: "activity_records",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "biogenic_co2_kg",
                table: "emission_results");

            migrationBuilder.DropColumn(
                name: "scope1_source",
                table: "emission_results");

            migrationBuilder.DropColumn(
                name: "scope1_source",
                table: "activity_records");
        }
    }
}
