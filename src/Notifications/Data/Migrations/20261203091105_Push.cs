using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Notifications.Data.Migrations
{
    /// <summary>
    /// Each committed notification is announced on the channel <c>notifications</c> as
    /// <c>recipient_id:id</c>, so every replica's listener hands it to its open streams
    /// (Push/NotificationListener.cs). PostgreSQL delivers a NOTIFY only when the transaction commits.
    /// </summary>
    public partial class Push : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_notification() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('notifications', NEW.recipient_id::text || ':' || NEW.id::text);
                    RETURN NULL;
                END;
                $$;
                CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
                    FOR EACH ROW EXECUTE FUNCTION notify_notification();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER notifications_notify ON notifications;
                DROP FUNCTION notify_notification();
                """);
        }
    }
}
