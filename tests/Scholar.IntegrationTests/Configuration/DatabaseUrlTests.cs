using Npgsql;
using Scholar.Infrastructure.Configuration;

namespace Scholar.IntegrationTests.Configuration;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void Url_form_becomes_a_keyword_connection_string()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            DatabaseUrl.ToConnectionString("postgres://app%40x:p%3Ass@db.example:6543/scholar?sslmode=verify-full&application_name=web"));

        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("scholar", builder.Database);
        Assert.Equal("app@x", builder.Username);
        Assert.Equal("p:ss", builder.Password);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("web", builder.ApplicationName);
    }

    [Fact]
    public void Keyword_form_is_accepted_as_is()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            DatabaseUrl.ToConnectionString("Host=127.0.0.1;Port=5433;Database=scholar;Username=u;Password=p"));

        Assert.Equal(5433, builder.Port);
        Assert.Equal("scholar", builder.Database);
    }

    [Fact]
    public void Default_port_is_5432()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgresql://u:p@localhost/db"));

        Assert.Equal(5432, builder.Port);
    }

    [Theory]
    [InlineData("postgres://u:secret-pw@host")]
    [InlineData("not a connection string at all")]
    [InlineData("mysql://u:secret-pw@host/db")]
    public void Invalid_values_are_refused_without_echoing_them(string value)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value));

        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Channel_binding_and_client_certificates_are_read_from_the_url()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(
            "postgres://u:p@db.example/scholar?sslmode=verify-full&channel_binding=require&sslcert=%2Fetc%2Fpg%2Fclient.crt&sslkey=%2Fetc%2Fpg%2Fclient.key&sslpassword=key-pass"));

        Assert.Equal(ChannelBinding.Require, builder.ChannelBinding);
        Assert.Equal("/etc/pg/client.crt", builder.SslCertificate);
        Assert.Equal("/etc/pg/client.key", builder.SslKey);
        Assert.Equal("key-pass", builder.SslPassword);
    }

    [Theory]
    [InlineData("postgres://u:secret-pw@host/db?sslmode=sometimes-secret-pw", "'sslmode'")]
    [InlineData("postgres://u:secret-pw@host/db?channel_binding=maybe-secret-pw", "'channel_binding'")]
    [InlineData("postgres://u:secret-pw@host/db?sslkeyz=secret-pw", "'sslkeyz'")]
    public void A_bad_query_parameter_is_named_by_its_key_never_its_value(string value, string named)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(value));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }
}
