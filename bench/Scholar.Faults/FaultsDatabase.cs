using Npgsql;

namespace Scholar.Faults;

/// <summary>A run's own database, cloned from the migrated template, and the SQL the invariants are checked with.</summary>
internal sealed class FaultsDatabase(string server, string template, string name)
{
    public const string Password = "scholar";

    public string Name => name;

    public string ConnectionString => $"{server};Database={name}";

    public async Task RecreateAsync()
    {
        await using var admin = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        await admin.OpenAsync();
        await ExecAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await ExecAsync(admin, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
    }

    /// <summary>Students who sign in with the development CEO's password (same hash), role student only.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Email)>> CreateUsersAsync(int count, string ceoEmail)
    {
        var users = new List<(Guid, string)>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO users (id, email, normalized_email, display_name, password_hash, roles, failed_sign_in_count,
              security_stamp, created_at, password_changed_at)
            SELECT gen_random_uuid(), 'faults-u' || n || '@example.com', 'faults-u' || n || '@example.com', 'Faults student ' || n,
              c.password_hash, ARRAY['student'], 0, gen_random_uuid(), now(), now()
            FROM users c, generate_series(1, @count) n
            WHERE c.normalized_email = lower(@ceo)
            RETURNING id, email
            """, connection);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("ceo", ceoEmail);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            users.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return users.Count == count ? users : throw new InvalidOperationException($"the development CEO {ceoEmail} is missing from {name}");
    }

    /// <summary>Pending checkout payments, as StartCheckout leaves them, spread over the users; returns (payment id, session id).</summary>
    public async Task<IReadOnlyList<(string PaymentId, string SessionId)>> CreatePaymentsAsync(IReadOnlyList<(Guid Id, string Email)> users, int count)
    {
        var payments = new List<(string, string)>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO payments (id, user_id, package_id, credits, amount_cents, currency, customer_email, status,
              checkout_session_id, livemode, sandbox, refunded_cents, credits_reversed, dispute_amount_cents,
              created_at, updated_at)
            SELECT gen_random_uuid(), u.id, 'standard-120', 120, 1000, 'usd', u.email, 'pending',
              'cs_faults_' || replace(gen_random_uuid()::text, '-', ''), false, true, 0, 0, 0, now(), now()
            FROM generate_series(0, @count - 1) n
            JOIN unnest(@ids, @emails) WITH ORDINALITY AS u(id, email, i) ON u.i = n % @users + 1
            RETURNING id::text, checkout_session_id
            """, connection);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("users", users.Count);
        command.Parameters.AddWithValue("ids", users.Select(u => u.Id).ToArray());
        command.Parameters.AddWithValue("emails", users.Select(u => u.Email).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            payments.Add((reader.GetString(0), reader.GetString(1)));
        }

        return payments;
    }

    public Task<long> ScalarAsync(string sql) => RetryAsync(async () =>
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>Each payment's status and the sum of the ledger entries it caused (source id = the payment, or starting "{payment}:").</summary>
    public Task<IReadOnlyDictionary<string, (string Status, long NetCredits)>> PaymentNetCreditsAsync() =>
        RetryAsync<IReadOnlyDictionary<string, (string Status, long NetCredits)>>(async () =>
        {
            var rows = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
            await using var connection = await OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT p.id::text, p.status, coalesce(sum(e.delta), 0)::bigint
                FROM payments p LEFT JOIN ledger_entries e ON e.source = 'stripe' AND split_part(e.source_id, ':', 1) = p.id::text
                GROUP BY p.id, p.status
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2));
            }

            return rows;
        });

    public Task<IReadOnlyList<ReceiptRow>> ReceiptsAsync() => RetryAsync<IReadOnlyList<ReceiptRow>>(async () =>
    {
        var rows = new List<ReceiptRow>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id::text, status, provider_message_id, last_error FROM notifications WHERE template = 'purchase_receipt'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReceiptRow(reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    });

    /// <summary>The checks read through a restart of the shared cluster (another process on the machine may cause one).</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (NpgsqlException) when (attempt < 30)
            {
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(2000);
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

internal sealed record ReceiptRow(string Id, string Status, string? ProviderMessageId, string? LastError);
