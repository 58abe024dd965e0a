using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Scholar.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_packages",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    credits = table.Column<int>(type: "integer", nullable: false),
                    price_cents = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_packages", x => x.id);
                    table.CheckConstraint("ck_credit_packages_credits_positive", "credits > 0");
                    table.CheckConstraint("ck_credit_packages_price_positive", "price_cents > 0");
                });

            migrationBuilder.CreateTable(
                name: "funnel_policy",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    pilot_max_purchase_cents = table.Column<long>(type: "bigint", nullable: false),
                    pilot_daily_live_purchases = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_funnel_policy", x => x.id);
                    table.CheckConstraint("ck_funnel_policy_singleton", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "sandbox_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    payment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    package_id = table.Column<string>(type: "text", nullable: false),
                    package_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    credits = table.Column<int>(type: "integer", nullable: false),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    customer_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    payment_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    payment_intent_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    charge_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sandbox_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stripe_events",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    livemode = table.Column<bool>(type: "boolean", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payment_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stripe_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "stripe_key_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    key_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    livemode = table.Column<bool>(type: "boolean", nullable: true),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stripe_key_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    package_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    credits = table.Column<int>(type: "integer", nullable: false),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    customer_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    checkout_session_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    checkout_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    payment_intent_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    charge_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    livemode = table.Column<bool>(type: "boolean", nullable: false),
                    sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    refunded_cents = table.Column<long>(type: "bigint", nullable: false),
                    credits_reversed_for_refunds = table.Column<int>(type: "integer", nullable: false),
                    dispute_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    dispute_credits_reversed = table.Column<int>(type: "integer", nullable: false),
                    dispute_closed = table.Column<bool>(type: "boolean", nullable: false),
                    review_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fulfilled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                    table.CheckConstraint("ck_payments_amount_positive", "amount_cents > 0");
                    table.CheckConstraint("ck_payments_refunded_range", "refunded_cents >= 0 AND refunded_cents <= amount_cents");
                    table.ForeignKey(
                        name: "fk_payments_credit_packages_package_id",
                        column: x => x.package_id,
                        principalTable: "credit_packages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "credit_packages",
                columns: new[] { "id", "active", "credits", "currency", "name", "price_cents", "sort_order" },
                values: new object[,]
                {
                    { "scholar-300", true, 300, "usd", "Scholar — 300 credits", 2000L, 3 },
                    { "standard-120", true, 120, "usd", "Standard — 120 credits", 1000L, 2 },
                    { "starter-50", true, 50, "usd", "Starter — 50 credits", 500L, 1 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_payments_checkout_session_id",
                table: "payments",
                column: "checkout_session_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_package_id",
                table: "payments",
                column: "package_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_payment_intent_id",
                table: "payments",
                column: "payment_intent_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_status",
                table: "payments",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_payments_user_id_created_at",
                table: "payments",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sandbox_sessions_payment_id",
                table: "sandbox_sessions",
                column: "payment_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_payment_id",
                table: "stripe_events",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_received_at",
                table: "stripe_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_stripe_key_checks_checked_at",
                table: "stripe_key_checks",
                column: "checked_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "funnel_policy");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "sandbox_sessions");

            migrationBuilder.DropTable(
                name: "stripe_events");

            migrationBuilder.DropTable(
                name: "stripe_key_checks");

            migrationBuilder.DropTable(
                name: "credit_packages");
        }
    }
}
