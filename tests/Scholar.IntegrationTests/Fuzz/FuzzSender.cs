using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>What came back for one request (or why nothing did).</summary>
public sealed record FuzzResponse(int Status, string? MediaType, byte[] Body, string? TransportError);

/// <summary>The secrets and tokens the credentials are made of, read from the running host.</summary>
public sealed record FuzzCredentials(string StudentToken, string StaffToken, string ServiceToken, string StripeWebhookSecret, string NotifySecret, string PostmarkUser, string PostmarkPassword);

/// <summary>Sends a <see cref="FuzzCase"/> over real HTTP with one credential applied.</summary>
public sealed class FuzzSender(Uri baseAddress, FuzzCredentials credentials) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,

        // Non-ASCII header values go out as raw UTF-8 bytes, as a hostile client would send them.
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>From this size on, a body is announced with <c>Expect: 100-continue</c>.</summary>
    private const int LargeBodyBytes = 64 * 1024;

    public async Task<FuzzResponse> SendAsync(FuzzCase fuzz, Credential credential)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.PathAndQuery);
        var body = fuzz.Body ?? [];
        if (!FuzzGenerator.IsBodyless(fuzz.Method) && (fuzz.Body is not null || fuzz.HugeBodyBytes > 0))
        {
            request.Content = fuzz.HugeBodyBytes > 0
                ? new RepeatingContent(fuzz.HugeBodyBytes, fuzz.Chunked)
                : fuzz.Chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
            // Large and over-limit bodies wait for "100 Continue", as curl and browsers' upload clients do: an
            // endpoint that never reads the body answers without it crossing the loopback, and one that does gets
            // it (or Kestrel's 413) at once. Without it, a 600 KB body sent to an endpoint that answered early
            // raced Kestrel closing the connection, and its answer was sometimes lost ("no response" in CI).
            request.Headers.ExpectContinue = fuzz.HugeBodyBytes > 0 || body.Length >= LargeBodyBytes;
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        foreach (var (name, values) in fuzz.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        Apply(request, credential, fuzz.HugeBodyBytes > 0 ? [] : body);

        // Each case on a connection of its own: Kestrel may close a kept-alive connection after answering a
        // hostile request without reading its body, and the next case sent on it from the pool would then
        // fail as "no response" through no fault of its own.
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var content = await response.Content.ReadAsByteArrayAsync();
            return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, content, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            // E.g. the server answered 413 and closed the connection while 30 MB were still going out.
            return new FuzzResponse(0, null, [], $"{e.GetType().Name}: {e.Message}");
        }
    }

    private void Apply(HttpRequestMessage request, Credential credential, byte[] body)
    {
        switch (credential)
        {
            case Credential.Student:
                Bearer(request, credentials.StudentToken);
                break;
            case Credential.Staff:
                Bearer(request, credentials.StaffToken);
                break;
            case Credential.Service:
                Bearer(request, credentials.ServiceToken);
                break;
            case Credential.Signatures:
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
                Replace(request, "Stripe-Signature", $"t={timestamp},v1={Hmac(credentials.StripeWebhookSecret, signed)}");
                Replace(request, "X-Scholar-Timestamp", timestamp);
                Replace(request, "X-Scholar-Signature", "v1=" + Hmac(credentials.NotifySecret, signed));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.PostmarkUser}:{credentials.PostmarkPassword}")));
                break;
            case Credential.Anonymous:
            default:
                break;
        }
    }

    private static void Bearer(HttpRequestMessage request, string token)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
    }

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static string Hmac(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    public void Dispose() => _client.Dispose();

    /// <summary>A JSON-looking body of any size, generated while it is sent rather than held in memory.</summary>
    private sealed class RepeatingContent(long length, bool chunked) : HttpContent
    {
        private static readonly byte[] Chunk = Encoding.ASCII.GetBytes("{\"a\":\"" + new string('x', 65_000));

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var sent = 0L; sent < length; sent += Chunk.Length)
            {
                await stream.WriteAsync(Chunk.AsMemory(0, (int)Math.Min(Chunk.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return !chunked;
        }
    }

    /// <summary>Hides the length so HttpClient sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
