using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyAllocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_emission_results",
                table: "emission_results");

            migrationBuilder.AddColumn<double>(
                name: "share",
                table: "emission_results",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddPrimaryKey(
                name: "pk_emission_results",
                table: "emission_results",
                columns: new[] { "run_id", "record_id", "method", "accounting_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_emission_results",
                table: "emission_results");

            migrationBuilder.DropColumn(
                name: "share",
                table: "emission_results");

            migrationBuilder.AddPrimaryKey(
                name: "pk_emission_results",
                table: "emission_results",
                columns: new[] { "run_id", "record_id", "method" });
        }
    }
}
