using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Scholar.Infrastructure.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>
/// Builds hostile requests from a seeded <see cref="Random"/>: malformed JSON, wrong types, huge and
/// deeply nested bodies, unicode edge cases, garbage and duplicated headers, wrong methods and random
/// query strings. The same seed gives the same requests.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A fuzzer must be seeded to be replayable.")]
public sealed class FuzzGenerator(Random rng)
{
    /// <summary>Kestrel's default MaxRequestBodySize (30,000,000 bytes) plus a margin.</summary>
    public const long OverLimitBytes = 30_500_000;

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>JSON string literals (quotes included), some of them not valid UTF-8 or not valid UTF-16.</summary>
    private static readonly byte[][] Strings =
    [
        J("\"\""),
        J("\"   \""),
        J("\"\\u0000\""),
        J("\"student\\u0000@example.com\""),
        J("\"\\ud800\""),
        J("\"\\udfff\\ud800\""),
        J("\"a\\ud83d\""),
        J("\"\u202Egnp.exe\u202C\""),
        J("\"\u200F\u05E9\u05DC\u05D5\u05DD\""),
        J("\"e" + string.Concat(Enumerable.Repeat("\u0301\u0316\u0358", 300)) + "\""),
        J("\"\uFEFF\u200B\u2060\""),
        J("\"\U0001F600\U0001F4A9\""),
        J("\"" + new string('a', 70_000) + "\""),
        J("\"" + string.Concat(Enumerable.Repeat("\u00e9", 5000)) + "\""),
        J("\"\\n\\r\\t\\b\\f\""),
        J("\"{{ name }}{% raise %}\""),
        J("\"<script>alert(1)</script>\""),
        J("\"' OR '1'='1' --\""),
        J("\"../../../etc/passwd\""),
        J("\"%00%ff\""),
        J("\"student@example.com\""),
        J("\"\u00fc@ex\u00e4mple.com\""),
        J("\"a@b\""),
        J("\"standard-120\""),
        J("\"welcome\""),
        J("\"password_reset\""),
        J("\"email\""),
        J("\"grant\""),
        J("\"adjustment\""),
        J("\"00000000-0000-0000-0000-000000000000\""),
        J("\"1\""),
        J("\"-1\""),
        J("\"\\x41\""),
        [(byte)'"', 0xC0, 0x80, (byte)'"'],
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
        [(byte)'"', 0xFF, 0xFE, (byte)'"'],
        [(byte)'"', 0xE2, 0x82, (byte)'"'],
        [(byte)'"', (byte)'a', 0x00, (byte)'b', (byte)'"'],
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "-0", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "1e400", "-1e400", "1.5", "1e-400", "100000000000000000000000000000", "1E2", "0.0000001",
    ];

    private static readonly string[] Booleans = ["true", "false", "\"true\"", "1", "null"];

    private static readonly string[] GuidGarbage = ["\"\"", "\"not-a-guid\"", "\"00000000-0000-0000-0000-000000000000\"", "1"];

    private static readonly int[] Depths = [65, 257, 5_000, 200_000];

    private static readonly string[] Origins = ["null", "http://evil.example", "http://localhost:5173", "\u00e9"];

    private static readonly string[] Accepts = ["application/xml", "text/html", "text/plain", "image/*", "*/*", "application/json;q=0", ""];

    private static readonly string[] OtherHeaders = ["Content-Encoding", "X-Forwarded-For", "X-Forwarded-Proto", "Cookie", "Accept-Charset", "If-None-Match", "Range"];

    private static readonly string[] OtherHeaderValues = ["gzip", "*/*", "application/xml", "not-an-ip, ::1, 999.1.1.1", "https", "scholar-login=garbage; scholar-af=%00", "bytes=0-1", "\"x\"", ""];

    private static readonly string[] Others = ["true", "false", "null", "[]", "{}", "[null]", "{\"\":\"\"}", "[1,\"a\",{}]", "{\"a\":{\"b\":[]}}"];

    private static readonly string[] MalformedJson =
    [
        "{", "[", "{\"a\":", "[1,2", "{\"a\" 1}", "nul", "tru", "{'a':1}", "{\"a\":1,}", "[1,]", "}{", "{\"a\":NaN}", "{\"a\":Infinity}",
        "{\"a\":01}", "{\"a\":0x10}", "{\"a\":\"\\x\"}", "\"unterminated", "{\"a\":\"b\"}}", "{} {}", "/* c */ {}", "{\"a\":1}//",
        "\uFEFF{}", "{\"a\":\"\t\"}", "{a:1}", "\0", "-", "1.", ".1", "+1", "{\"a\":[}", "{\"\\ud800\":1}", "[\"\\u12\"]",
    ];

    private static readonly string[] FallbackFields =
        ["email", "password", "token", "newPassword", "displayName", "amount", "reason", "packageId", "template", "to", "data", "userId", "delta", "kind", "sandbox", "idempotencyKey"];

    private static readonly string[] QueryKeys = ["limit", "cursor", "window", "app", "session_id", "id", "userId", "format", "returnUrl", "ReturnUrl", "", "a[]", "__proto__"];

    /// <summary>Query values, already percent-encoded (some deliberately badly).</summary>
    private static readonly string[] QueryValues =
    [
        "", "-1", "0", "1", "99999999999999999999", "abc", "%00", "a%00b", "%ED%A0%80", "%C0%80", "%FF%FE", "%zz", "%", "%E2%80%AE",
        "1h", "run", "15m", "24h", "provider_register", "scholarship_api", "eyJ2IjoxfQ", "AAAA", "____", "%2F..%2F", new string('x', 4000),
        "javascript:alert(1)", "http://evil.example/", "//evil.example", "%0d%0aSet-Cookie:%20x=y",
    ];

    /// <summary>Route parameter values, already escaped for a path segment.</summary>
    private static readonly string[] RouteValues =
    [
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "%00", "..", "%2e%2e", "%2F", "%ED%A0%80", "%C0%80", "%FF", "-1", "0",
        "cs_test_fuzz", "scholar_auth", "provider_register", "student_pilot", "auto_com_center", "scholarship_api", "v1",
        "%E2%80%AE%D7%A9", "%F0%9F%98%80", "'%20OR%201=1", new string('a', 3000), "12345678-1234-1234-1234-1234567890ab",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=bogus",
        "application/problem+json", "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "*/*", ";;;", "application/",
        "application/json;;;charset", "application/octet-stream", "image/png", "application/json; charset=\"utf-8",
    ];

    private static readonly string[] AuthorizationGarbage =
    [
        "Bearer", "Bearer ", "Bearer abc", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwicm9sZSI6ImNlbyJ9.",
        "Bearer eyJhbGciOiJSUzI1NiJ9.e30.AAAA", "Bearer ....", "Basic", "Basic !!!!", "Basic " + B64("no-colon"), "Basic " + B64(":"),
        "Basic " + B64("dev-only-postmark-hook:wrong"), "Digest username=\"a\"", "Negotiate YII=", "bearer " + new string('A', 20_000),
        "Bearer \u00e9\u00e9", "Bearer a b c", "NTLM", "Bearer %00",
    ];

    private static readonly string[] StripeSignatures =
    [
        "", "t=", "v1=", "t=abc,v1=def", "t=1,v1=00", "t=99999999999999999999,v1=aa", "t=-5,v1=aa", "t=1700000000,v1=zz,v1=00,v0=11",
        "t=1700000000", ",,,,", "t==,v1==", new string('v', 10_000), "t=1700000000,v1=" + new string('a', 64), "t=\u00e9,v1=\u00e9",
    ];

    private static readonly string[] ScholarTimestamps = ["", "-1", "0", "abc", "1e10", " 1700000000", "99999999999999999999", "0x10", "1700000000.5", "\u00e9"];

    private static readonly string[] ScholarSignatures = ["", "v1=", "v1=zz", "v1=abc", "v2=00", "v1=" + new string('0', 64), "v1=" + new string('f', 5000), "sha256=00", "v1=\u00e9"];

    private static readonly string[] IdempotencyKeys = ["", " ", "a", "a,b", new string('k', 10_000), "\u00e9\u00e9", "\"quoted\"", "key\tkey", "00000000-0000-0000-0000-000000000000"];

    private static readonly string[] OAuthParameters = ConstantsOf(typeof(Parameters));
    private static readonly string[] OAuthValues =
        [.. ConstantsOf(typeof(GrantTypes)), .. ConstantsOf(typeof(AuthClients)), .. ConstantsOf(typeof(ResponseTypes)), "S256", "plain", "openid credits ops", "http://localhost:5173/auth/callback"];

    /// <summary>Whether a body over Kestrel's limit may be generated (each costs ~30 MB on the loopback).</summary>
    public bool AllowOverLimitBody { get; init; }

    public FuzzCase Next(FuzzTarget target)
    {
        var wrongMethod = rng.NextDouble() < 0.12;
        var method = wrongMethod
            ? Pick(AllMethods.Except(target.Methods, StringComparer.OrdinalIgnoreCase).ToArray())
            : Pick(target.Methods.ToArray());
        var path = Path(target.Route, out var pathMutated);
        var query = rng.NextDouble() < 0.35 ? Query(target) : "";
        var fuzz = new FuzzCase { Method = method, PathAndQuery = path + query };
        if (wrongMethod)
        {
            fuzz.Mutations.Add("wrong-method");
        }

        if (pathMutated)
        {
            fuzz.Mutations.Add("route-values");
        }

        if (query.Length > 0)
        {
            fuzz.Mutations.Add("query");
        }

        AddBody(fuzz, target);
        AddHeaders(fuzz);
        return fuzz;
    }

    private string Path(RoutePattern route, out bool mutated)
    {
        mutated = false;
        var path = new StringBuilder();
        foreach (var segment in route.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        mutated = true;
                        path.Append(rng.NextDouble() < 0.3 ? NewGuid().ToString() : Pick(RouteValues));
                        if (parameter.IsCatchAll && rng.NextDouble() < 0.5)
                        {
                            path.Append('/').Append(Pick(RouteValues));
                        }

                        break;
                }
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private string Query(FuzzTarget target)
    {
        var keys = QueryKeys.Concat(FieldsOf(target).Select(f => f.Name)).ToArray();
        var pairs = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => $"{Uri.EscapeDataString(Pick(keys))}={Pick(QueryValues)}");
        return "?" + string.Join('&', pairs);
    }

    private void AddBody(FuzzCase fuzz, FuzzTarget target)
    {
        var roll = rng.NextDouble();
        if (target.IsOAuth && roll < 0.6)
        {
            Form(fuzz);
            return;
        }

        switch (roll)
        {
            case < 0.08:
                fuzz.Mutations.Add("no-body");
                return;
            case < 0.22:
                fuzz.Mutations.Add("malformed-json");
                Json(fuzz, Utf8.GetBytes(Pick(MalformedJson)));
                break;
            case < 0.40:
                fuzz.Mutations.Add("wrong-types");
                Json(fuzz, Object(target, wrongTypes: true, unicodeOnly: false));
                break;
            case < 0.58:
                fuzz.Mutations.Add("edge-values");
                Json(fuzz, Object(target, wrongTypes: false, unicodeOnly: false));
                break;
            case < 0.70:
                fuzz.Mutations.Add("unicode");
                Json(fuzz, Object(target, wrongTypes: false, unicodeOnly: true));
                break;
            case < 0.76:
                fuzz.Mutations.Add("deep-nesting");
                Json(fuzz, Nested(target));
                break;
            case < 0.82:
                Form(fuzz);
                break;
            case < 0.88:
                fuzz.Mutations.Add("random-bytes");
                var bytes = new byte[rng.Next(1, 2048)];
                rng.NextBytes(bytes);
                fuzz.Body = bytes;
                fuzz.ContentType = rng.NextDouble() < 0.5 ? "application/json" : Pick(ContentTypes);
                break;
            case < 0.95:
                // Over the 256 KiB (signed send) and 512 KiB (Stripe) limits, well under Kestrel's.
                fuzz.Mutations.Add("large-body");
                var large = new StringBuilder("{\"").Append(Pick(FieldsOf(target).Select(f => f.Name).DefaultIfEmpty("a").ToArray())).Append("\":\"");
                large.Append('x', rng.Next(300_000, 700_000)).Append("\"}");
                Json(fuzz, Utf8.GetBytes(large.ToString()));
                break;
            default:
                if (AllowOverLimitBody)
                {
                    fuzz.Mutations.Add("over-limit-body");
                    fuzz.HugeBodyBytes = OverLimitBytes;
                    fuzz.ContentType = "application/json";
                }
                else
                {
                    fuzz.Mutations.Add("malformed-json");
                    Json(fuzz, Utf8.GetBytes(Pick(MalformedJson)));
                }

                break;
        }

        // Chunked bodies have no Content-Length, so size checks must count what they read; large ones most of all.
        fuzz.Chunked = rng.NextDouble() < (fuzz.Mutations.Contains("large-body") ? 0.5 : 0.2);
        if (fuzz.Chunked)
        {
            fuzz.Mutations.Add("chunked");
        }
    }

    private void Json(FuzzCase fuzz, byte[] body)
    {
        fuzz.Body = body;
        fuzz.ContentType = rng.NextDouble() < 0.8 ? "application/json" : Pick(ContentTypes);
    }

    private void Form(FuzzCase fuzz)
    {
        fuzz.Mutations.Add("form");
        var pairs = Enumerable.Range(0, rng.Next(1, 8)).Select(_ =>
        {
            var name = rng.NextDouble() < 0.8 ? Pick(OAuthParameters) : Pick(QueryValues);
            var value = rng.NextDouble() < 0.5 ? Uri.EscapeDataString(Pick(OAuthValues)) : Pick(QueryValues);
            return $"{name}={value}";
        });
        fuzz.Body = Utf8.GetBytes(string.Join('&', pairs));
        fuzz.ContentType = rng.NextDouble() < 0.85 ? "application/x-www-form-urlencoded" : Pick(ContentTypes);
    }

    /// <summary>An object with the request DTO's fields (or plausible ones), some duplicated or re-cased.</summary>
    private byte[] Object(FuzzTarget target, bool wrongTypes, bool unicodeOnly)
    {
        var fields = FieldsOf(target);
        if (fields.Count == 0)
        {
            fields = [.. FallbackFields.OrderBy(_ => rng.Next()).Take(rng.Next(1, 5)).Select(f => (f, typeof(string)))];
        }

        var body = new MemoryStream();
        body.WriteByte((byte)'{');
        var first = true;
        foreach (var (name, type) in fields.Where(_ => rng.NextDouble() < 0.85))
        {
            var copies = rng.NextDouble() < 0.1 ? 2 : 1;
            for (var i = 0; i < copies; i++)
            {
                if (!first)
                {
                    body.WriteByte((byte)',');
                }

                first = false;
                var key = rng.NextDouble() < 0.05 ? name.ToUpperInvariant() : name;
                body.Write(Utf8.GetBytes(JsonSerializer.Serialize(key) + ":"));
                body.Write(unicodeOnly ? Pick(Strings) : wrongTypes ? AnyValue() : ValueFor(type));
            }
        }

        if (rng.NextDouble() < 0.2)
        {
            body.Write(Utf8.GetBytes((first ? "" : ",") + "\"unexpected\u00e9\":"));
            body.Write(AnyValue());
        }

        body.WriteByte((byte)'}');
        return body.ToArray();
    }

    private byte[] Nested(FuzzTarget target)
    {
        var depth = Pick(Depths);
        var field = FieldsOf(target).Select(f => f.Name).DefaultIfEmpty("a").First();
        var (open, close) = rng.NextDouble() < 0.5 ? ("[", "]") : ("{\"a\":", "}");
        return Utf8.GetBytes($"{{\"{field}\":" + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "}");
    }

    private byte[] ValueFor(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return Pick(Strings);
        }

        if (type.IsPrimitive && type != typeof(bool) || type == typeof(decimal))
        {
            return J(Pick(Numbers));
        }

        if (type == typeof(bool))
        {
            return J(Pick(Booleans));
        }

        if (type == typeof(Guid))
        {
            return J(rng.NextDouble() < 0.6 ? $"\"{NewGuid()}\"" : Pick(GuidGarbage));
        }

        return AnyValue();
    }

    private byte[] AnyValue() => rng.Next(4) switch
    {
        0 => Pick(Strings),
        1 => J(Pick(Numbers)),
        2 => J(Pick(Others)),
        _ => Utf8.GetBytes("{" + string.Join(',', Enumerable.Range(0, rng.Next(0, 4)).Select(_ => $"{Encoding.UTF8.GetString(Pick(Strings))}:{Pick(Numbers)}")) + "}"),
    };

    private void AddHeaders(FuzzCase fuzz)
    {
        var count = rng.NextDouble() < 0.3 ? 0 : rng.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var (name, pool) = rng.Next(9) switch
            {
                0 => ("Idempotency-Key", IdempotencyKeys),
                1 => ("Stripe-Signature", StripeSignatures),
                2 => ("X-Scholar-Signature", ScholarSignatures),
                3 => ("X-Scholar-Timestamp", ScholarTimestamps),
                4 => ("Authorization", AuthorizationGarbage),
                5 => ("Content-Type", ContentTypes),
                6 => ("Origin", Origins),
                7 => ("Accept", Accepts),
                _ => (Pick(OtherHeaders), OtherHeaderValues),
            };
            var values = Enumerable.Range(0, rng.NextDouble() < 0.25 ? rng.Next(2, 4) : 1).Select(_ => Pick(pool)).ToArray();
            if (name == "Content-Type")
            {
                // A duplicated or replaced Content-Type on whatever body is there.
                fuzz.ContentType = string.Join(", ", values);
                fuzz.Mutations.Add("content-type");
                continue;
            }

            fuzz.Headers.Add(new(name, values));
            fuzz.Mutations.Add(values.Length > 1 ? $"duplicated {name}" : name);
        }
    }

    /// <summary>The JSON names and types of the DTO's settable properties.</summary>
    private static List<(string Name, Type Type)> FieldsOf(FuzzTarget target) =>
        target.RequestType is null || target.RequestType == typeof(FastEndpoints.EmptyRequest)
            ? []
            : [.. target.RequestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType))];

    private Guid NewGuid()
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    private T Pick<T>(T[] items) => items[rng.Next(items.Length)];

    private static byte[] J(string json) => Utf8.GetBytes(json);

    private static string B64(string text) => Convert.ToBase64String(Utf8.GetBytes(text));

    private static string[] ConstantsOf(Type type) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>Methods whose requests may not carry content; the sender leaves it off (GET bodies are sent: servers must cope).</summary>
    public static bool IsBodyless(string method) => HttpMethods.IsHead(method) || HttpMethods.IsTrace(method);
}
