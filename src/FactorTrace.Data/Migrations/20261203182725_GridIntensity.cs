using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class GridIntensity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "grid_daily_averages",
                columns: table => new
                {
                    zone = table.Column<string>(maxLength: 64, nullable: false),
                    signal = table.Column<string>(maxLength: 16, nullable: false),
                    day = table.Column<DateOnly>(nullable: false),
                    direct = table.Column<double>(nullable: true),
                    lifecycle = table.Column<double>(nullable: true),
                    hours = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grid_daily_averages", x => new { x.zone, x.signal, x.day });
                });

            migrationBuilder.CreateTable(
                name: "grid_points",
                columns: table => new
                {
                    zone = table.Column<string>(maxLength: 64, nullable: false),
                    signal = table.Column<string>(maxLength: 16, nullable: false),
                    start_unix = table.Column<long>(nullable: false),
                    direct = table.Column<double>(nullable: true),
                    lifecycle = table.Column<double>(nullable: true),
                    source = table.Column<string>(maxLength: 200, nullable: false),
                    quality = table.Column<string>(maxLength: 16, nullable: false),
                    quality_rank = table.Column<int>(nullable: false),
                    estimation_method = table.Column<string>(maxLength: 64, nullable: true),
                    mix = table.Column<string>(nullable: true),
                    origin = table.Column<string>(maxLength: 16, nullable: false),
                    fetched_at_unix = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grid_points", x => new { x.zone, x.signal, x.start_unix });
                });

            migrationBuilder.CreateTable(
                name: "grid_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    job = table.Column<string>(maxLength: 32, nullable: false),
                    slot_unix = table.Column<long>(nullable: true),
                    instance = table.Column<string>(maxLength: 200, nullable: false),
                    started_at = table.Column<DateTime>(nullable: false),
                    ended_at = table.Column<DateTime>(nullable: true),
                    rows = table.Column<int>(nullable: false),
                    replaced = table.Column<int>(nullable: false),
                    outcome = table.Column<string>(maxLength: 16, nullable: false),
                    detail = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grid_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "grid_slots",
                columns: table => new
                {
                    job = table.Column<string>(maxLength: 32, nullable: false),
                    slot_unix = table.Column<long>(nullable: false),
                    owner = table.Column<string>(maxLength: 200, nullable: false),
                    lease_until_unix = table.Column<long>(nullable: false),
                    completed_at_unix = table.Column<long>(nullable: true),
                    attempts = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grid_slots", x => new { x.job, x.slot_unix });
                });

            migrationBuilder.CreateIndex(
                name: "ix_grid_points_origin_start_unix",
                table: "grid_points",
                columns: new[] { "origin", "start_unix" });

            migrationBuilder.CreateIndex(
                name: "ix_grid_runs_job_started_at",
                table: "grid_runs",
                columns: new[] { "job", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grid_daily_averages");

            migrationBuilder.DropTable(
                name: "grid_points");

            migrationBuilder.DropTable(
                name: "grid_runs");

            migrationBuilder.DropTable(
                name: "grid_slots");
        }
    }
}
