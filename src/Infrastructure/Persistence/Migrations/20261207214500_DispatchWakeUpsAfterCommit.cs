using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scholar.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The delivery loops are woken after the commit by the application (DispatchWakeUps), no longer by
    /// NOTIFY insert triggers inside the writing transaction, which serialised every commit that queued work.
    /// </summary>
    public partial class DispatchWakeUpsAfterCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS outbox_messages_notify ON outbox_messages;
                DROP FUNCTION IF EXISTS scholar_notify_outbox();
                DROP TRIGGER IF EXISTS notifications_notify ON notifications;
                DROP FUNCTION IF EXISTS scholar_notify_notifications();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
    }
}
