using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scholar.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Ops : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_instances",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    apps = table.Column<List<string>>(type: "text[]", nullable: false),
                    version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    notify_secret_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    notify_secret_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    stripe_secret_key_kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    stripe_public_key_kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    secrets_snapshot = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_instances", x => x.instance_id);
                });

            migrationBuilder.CreateTable(
                name: "approvals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    from_stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    to_stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    verdict = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approvals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "probe_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    probe = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    instance_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_probe_results", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "request_latency",
                columns: table => new
                {
                    route = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    minute = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    instance_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    histogram = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_latency", x => new { x.route, x.minute, x.instance_id });
                });

            migrationBuilder.CreateTable(
                name: "validation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    stopped_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_validation_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_app_instances_last_seen_at",
                table: "app_instances",
                column: "last_seen_at");

            migrationBuilder.CreateIndex(
                name: "ix_approvals_at",
                table: "approvals",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_probe_results_probe_at",
                table: "probe_results",
                columns: new[] { "probe", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_request_latency_minute",
                table: "request_latency",
                column: "minute");

            migrationBuilder.CreateIndex(
                name: "ix_validation_runs_started_at",
                table: "validation_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_instances");

            migrationBuilder.DropTable(
                name: "approvals");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "probe_results");

            migrationBuilder.DropTable(
                name: "request_latency");

            migrationBuilder.DropTable(
                name: "validation_runs");
        }
    }
}
