using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scholar.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OpsActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "amount_refunded",
                table: "sandbox_sessions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "auto_com_center_report_sha256",
                table: "approvals",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "evidence_payment_id",
                table: "approvals",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "evidence_sha256",
                table: "approvals",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_register_report_sha256",
                table: "approvals",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sandbox_refunds",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    session_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sandbox_refunds", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sandbox_refunds_idempotency_key",
                table: "sandbox_refunds",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sandbox_refunds_session_id",
                table: "sandbox_refunds",
                column: "session_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sandbox_refunds");

            migrationBuilder.DropColumn(
                name: "amount_refunded",
                table: "sandbox_sessions");

            migrationBuilder.DropColumn(
                name: "auto_com_center_report_sha256",
                table: "approvals");

            migrationBuilder.DropColumn(
                name: "evidence_payment_id",
                table: "approvals");

            migrationBuilder.DropColumn(
                name: "evidence_sha256",
                table: "approvals");

            migrationBuilder.DropColumn(
                name: "provider_register_report_sha256",
                table: "approvals");
        }
    }
}
