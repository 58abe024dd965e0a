using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scholar.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StripeFactsAndRejections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "credits_reversed",
                table: "payments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "api_version",
                table: "stripe_events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "parked_fact",
                table: "stripe_events",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "payment_intent_id",
                table: "stripe_events",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "dispute_amount_cents",
                table: "payments",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "dispute_state",
                table: "payments",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "paid_at",
                table: "payments",
                type: "timestamp with time zone",
                nullable: true);

            // Payments refunded or disputed before the facts model: what was taken back stays taken back, the
            // dispute's state follows from the old flags, and the disputed amount was what the refunds left.
            migrationBuilder.Sql("""
                UPDATE payments SET
                    dispute_state = CASE
                        WHEN dispute_id IS NULL THEN NULL
                        WHEN NOT dispute_closed THEN 'open'
                        WHEN status = 'disputed' THEN 'lost'
                        ELSE 'won' END,
                    dispute_amount_cents = CASE WHEN dispute_id IS NULL THEN 0 ELSE amount_cents - refunded_cents END,
                    credits_reversed = credits_reversed_for_refunds
                        + CASE WHEN dispute_id IS NOT NULL AND (NOT dispute_closed OR status = 'disputed') THEN dispute_credits_reversed ELSE 0 END,
                    paid_at = CASE WHEN status IN ('pending', 'failed', 'expired') THEN NULL ELSE coalesce(fulfilled_at, updated_at) END
                """);

            migrationBuilder.DropColumn(
                name: "credits_reversed_for_refunds",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "dispute_closed",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "dispute_credits_reversed",
                table: "payments");

            migrationBuilder.CreateTable(
                name: "rejected_deliveries",
                columns: table => new
                {
                    hop = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    minute = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rejected_deliveries", x => new { x.hop, x.minute, x.reason });
                });

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_payment_intent_id",
                table: "stripe_events",
                column: "payment_intent_id",
                filter: "outcome = 'parked'");

            migrationBuilder.CreateIndex(
                name: "ix_payments_paid_at",
                table: "payments",
                column: "paid_at",
                filter: "livemode");

            migrationBuilder.AddCheckConstraint(
                name: "ck_payments_credits_reversed_range",
                table: "payments",
                sql: "credits_reversed >= 0 AND credits_reversed <= credits");

            migrationBuilder.CreateIndex(
                name: "ix_rejected_deliveries_minute",
                table: "rejected_deliveries",
                column: "minute");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rejected_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_stripe_events_payment_intent_id",
                table: "stripe_events");

            migrationBuilder.DropIndex(
                name: "ix_payments_paid_at",
                table: "payments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_payments_credits_reversed_range",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "api_version",
                table: "stripe_events");

            migrationBuilder.DropColumn(
                name: "parked_fact",
                table: "stripe_events");

            migrationBuilder.DropColumn(
                name: "payment_intent_id",
                table: "stripe_events");

            migrationBuilder.DropColumn(
                name: "dispute_amount_cents",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "dispute_state",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "paid_at",
                table: "payments");

            migrationBuilder.RenameColumn(
                name: "credits_reversed",
                table: "payments",
                newName: "dispute_credits_reversed");

            migrationBuilder.AddColumn<int>(
                name: "credits_reversed_for_refunds",
                table: "payments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "dispute_closed",
                table: "payments",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }
    }
}
