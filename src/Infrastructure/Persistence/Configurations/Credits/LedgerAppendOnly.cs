namespace Scholar.Infrastructure.Persistence.Configurations.Credits;

/// <summary>
/// The database's own guarantee that ledger entries are never changed or removed, whatever client
/// connects. Applied by the <c>Credits</c> migration; keep these calls if migrations are regenerated.
/// </summary>
public static class LedgerAppendOnly
{
    public const string Create =
        """
        CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ledger_entries is append-only: % refused; record a correcting entry instead', TG_OP
                USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE TRIGGER ledger_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
        CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
        """;

    public const string Drop =
        """
        DROP TRIGGER IF EXISTS ledger_entries_no_truncate ON ledger_entries;
        DROP TRIGGER IF EXISTS ledger_entries_no_update_or_delete ON ledger_entries;
        DROP FUNCTION IF EXISTS ledger_entries_append_only();
        """;
}
