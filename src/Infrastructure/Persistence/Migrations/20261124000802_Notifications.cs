using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scholar.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Notifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mailbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    to_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    tag = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mailbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    template = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    to_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    provider_message_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "suppressed_recipients",
                columns: table => new
                {
                    address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    suppressed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_suppressed_recipients", x => x.address);
                });

            migrationBuilder.CreateTable(
                name: "webhook_attempts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    hop = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_attempts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "deliverability_inbox_tests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    inbox = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliverability_inbox_tests", x => x.id);
                    table.ForeignKey(
                        name: "fk_deliverability_inbox_tests_notifications_notification_id",
                        column: x => x.notification_id,
                        principalTable: "notifications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notification_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: true),
                    provider_message_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    record_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_notification_events_notifications_notification_id",
                        column: x => x.notification_id,
                        principalTable: "notifications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deliverability_inbox_tests_notification_id",
                table: "deliverability_inbox_tests",
                column: "notification_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliverability_inbox_tests_started_at",
                table: "deliverability_inbox_tests",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_mailbox_messages_created_at",
                table: "mailbox_messages",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_mailbox_messages_notification_id",
                table: "mailbox_messages",
                column: "notification_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_events_notification_id",
                table: "notification_events",
                column: "notification_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_events_provider_message_id_record_type",
                table: "notification_events",
                columns: new[] { "provider_message_id", "record_type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_idempotency_key",
                table: "notifications",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_next_attempt_at",
                table: "notifications",
                column: "next_attempt_at",
                filter: "status = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_provider_message_id",
                table: "notifications",
                column: "provider_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_attempts_hop_at",
                table: "webhook_attempts",
                columns: new[] { "hop", "at" });

            // Wake the dispatchers at once on insert (statement-level: one NOTIFY per insert statement);
            // they also poll, so a missed notification only delays delivery by one poll interval.
            migrationBuilder.Sql("""
                CREATE FUNCTION scholar_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('scholar_outbox', ''); RETURN NULL; END $$;
                CREATE TRIGGER outbox_messages_notify AFTER INSERT ON outbox_messages
                    FOR EACH STATEMENT EXECUTE FUNCTION scholar_notify_outbox();
                CREATE FUNCTION scholar_notify_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('scholar_notifications', ''); RETURN NULL; END $$;
                CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
                    FOR EACH STATEMENT EXECUTE FUNCTION scholar_notify_notifications();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS outbox_messages_notify ON outbox_messages;
                DROP FUNCTION IF EXISTS scholar_notify_outbox();
                DROP TRIGGER IF EXISTS notifications_notify ON notifications;
                DROP FUNCTION IF EXISTS scholar_notify_notifications();
                """);

            migrationBuilder.DropTable(
                name: "deliverability_inbox_tests");

            migrationBuilder.DropTable(
                name: "mailbox_messages");

            migrationBuilder.DropTable(
                name: "notification_events");

            migrationBuilder.DropTable(
                name: "suppressed_recipients");

            migrationBuilder.DropTable(
                name: "webhook_attempts");

            migrationBuilder.DropTable(
                name: "notifications");
        }
    }
}
