using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Notifications : Migration
    {
        private static readonly string[] Tables = ["outbox_messages", "notification_preferences"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(nullable: false),
                    user_id = table.Column<Guid>(nullable: false),
                    kind = table.Column<string>(maxLength: 32, nullable: false),
                    enabled = table.Column<bool>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.tenant_id, x.user_id, x.kind });
                    table.ForeignKey(
                        name: "fk_notification_preferences_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    user_id = table.Column<Guid>(nullable: true),
                    recipient = table.Column<string>(maxLength: 320, nullable: false),
                    kind = table.Column<string>(maxLength: 32, nullable: false),
                    subject = table.Column<string>(maxLength: 300, nullable: false),
                    text_body = table.Column<string>(nullable: false),
                    html_body = table.Column<string>(nullable: true),
                    message_id = table.Column<string>(maxLength: 100, nullable: false),
                    state = table.Column<string>(maxLength: 16, nullable: false),
                    attempts = table.Column<int>(nullable: false),
                    next_attempt_at = table.Column<DateTime>(nullable: false),
                    lease_until = table.Column<DateTime>(nullable: true),
                    lease_owner = table.Column<string>(maxLength: 64, nullable: true),
                    last_error = table.Column<string>(maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTime>(nullable: false),
                    sent_at = table.Column<DateTime>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbox_messages_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_user_id",
                table: "notification_preferences",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_message_id",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_state_next_attempt_at",
                table: "outbox_messages",
                columns: new[] { "state", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_tenant_id_state",
                table: "outbox_messages",
                columns: new[] { "tenant_id", "state" });

            if (migrationBuilder.IsNpgsql())
            {
                foreach (var table in Tables)
                {
                    RowLevelSecurity.Enable(migrationBuilder, table, "tenant_id");
                    RowLevelSecurity.Force(migrationBuilder, table);
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsNpgsql())
            {
                foreach (var table in Tables)
                {
                    RowLevelSecurity.Unforce(migrationBuilder, table);
                    RowLevelSecurity.Disable(migrationBuilder, table);
                }
            }

            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropTable(
                name: "outbox_messages");
        }
    }
}
