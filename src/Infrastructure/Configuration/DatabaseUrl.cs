using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Scholar.Infrastructure.Configuration;

/// <summary>
/// Turns <c>DATABASE_URL</c> into an Npgsql connection string. Accepts the
/// <c>postgres://user:pass@host:port/db?sslmode=…</c> URL form and the keyword form. Error messages
/// never echo the value: it usually carries a password.
/// </summary>
public static class DatabaseUrl
{
    private static readonly Dictionary<string, string> QueryKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
    };

    public static string ToConnectionString(string value) =>
        TryParse(value, out var connectionString)
            ? connectionString
            : throw new FormatException("DATABASE_URL is neither a postgres:// URL nor an Npgsql keyword connection string.");

    public static bool TryParse(string value, [NotNullWhen(true)] out string? connectionString)
    {
        connectionString = null;
        try
        {
            var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                    ? FromUrl(new Uri(value))
                    : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                return false;
            }

            connectionString = builder.ConnectionString;
            return true;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(Uri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            var keyword = QueryKeywords.GetValueOrDefault(key, key);
            var setting = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            // libpq spells modes "verify-full"; Npgsql's enum is VerifyFull.
            builder[keyword] = keyword == "SSL Mode" ? setting.Replace("-", "", StringComparison.Ordinal) : setting;
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new FormatException("DATABASE_URL names no database.");
        }

        return builder;
    }
}
