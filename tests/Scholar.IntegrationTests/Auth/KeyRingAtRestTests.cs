using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

public sealed class SessionSecretFactory : ScholarApiFactory
{
    public const string Secret = "first-session-secret-4f1c9a7e2b8d";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SESSION_SECRET"] = Secret };
}

public sealed class KeyRingAtRestTests(SessionSecretFactory factory) : IClassFixture<SessionSecretFactory>
{
    private const string OtherSecret = "second-session-secret-93d0e6b1c7a2";

    [Fact]
    public async Task Keys_are_stored_encrypted_a_wrong_secret_stops_start_up_and_the_previous_secret_still_reads_them()
    {
        var protectedText = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test").Protect("cookie payload");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
            Assert.NotEmpty(rows);
            Assert.All(rows, xml =>
            {
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain(SessionSecretFactory.Secret, xml, StringComparison.Ordinal);
            });
        }

        using (var wrong = SameDatabase(("SESSION_SECRET", OtherSecret)))
        {
            var error = Record.Exception(() => wrong.CreateClient());
            Assert.NotNull(error);
            var message = error is AggregateException many ? string.Join(" ", many.InnerExceptions.Select(e => e.Message)) : error.Message;
            Assert.Contains("encrypted with another SESSION_SECRET", message, StringComparison.Ordinal);
            Assert.DoesNotContain(OtherSecret, message, StringComparison.Ordinal);
            Assert.DoesNotContain(SessionSecretFactory.Secret, message, StringComparison.Ordinal);
        }

        using var rotated = SameDatabase(("SESSION_SECRET", OtherSecret), ("SESSION_SECRET_PREVIOUS", SessionSecretFactory.Secret));
        rotated.CreateClient().Dispose();
        var reader = rotated.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test");
        Assert.Equal("cookie payload", reader.Unprotect(protectedText));
    }

    private WebApplicationFactory<Program> SameDatabase(params (string Name, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("DATABASE_URL", factory.Database.ConnectionString);
            foreach (var (name, value) in settings)
            {
                b.UseSetting(name, value);
            }
        });
}
