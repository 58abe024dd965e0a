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
        ["channel_binding"] = "Channel Binding",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
    };

    private const string NotAConnectionString = "DATABASE_URL is neither a postgres:// URL nor an Npgsql keyword connection string.";

    /// <summary>The connection string; a <see cref="FormatException"/> names what is wrong (a query parameter by its key), never a value.</summary>
    public static string ToConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                    ? FromUrl(new Uri(value))
                    : new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or KeyNotFoundException)
        {
            throw new FormatException(NotAConnectionString);
        }

        return string.IsNullOrEmpty(builder.Host) ? throw new FormatException(NotAConnectionString) : builder.ConnectionString;
    }

    public static bool TryParse(string value, [NotNullWhen(true)] out string? connectionString)
    {
        try
        {
            connectionString = ToConnectionString(value);
            return true;
        }
        catch (FormatException)
        {
            connectionString = null;
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
            try
            {
                // libpq spells modes "verify-full"; Npgsql's enum is VerifyFull.
                builder[keyword] = keyword == "SSL Mode" ? setting.Replace("-", "", StringComparison.Ordinal) : setting;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
            {
                throw new FormatException(QueryKeywords.ContainsKey(key)
                    ? $"DATABASE_URL: the value of query parameter '{key}' is not valid."
                    : $"DATABASE_URL: query parameter '{key}' is not supported (supported: {string.Join(", ", QueryKeywords.Keys)}, or an Npgsql keyword).");
            }
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new FormatException("DATABASE_URL names no database.");
        }

        return builder;
    }
}
