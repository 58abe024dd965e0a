using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Auth;
using Scholar.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>
/// Issue 9 item 3: every public endpoint, fed hostile input from a seeded generator, never answers
/// 5xx, answers every 4xx with an RFC 9457 problem, and writes nothing unless it accepted the request.
/// Replay a failure with <c>SCHOLAR_FUZZ_SEED=&lt;seed&gt;</c>; <c>SCHOLAR_FUZZ_REQUESTS</c> sets the
/// run's size (default <see cref="DefaultRequests"/>).
/// </summary>
public sealed class EndpointFuzzTests(FuzzFactory factory, ITestOutputHelper output) : IClassFixture<FuzzFactory>
{
    public const int DefaultSeed = 20261124;
    public const int DefaultRequests = 3000;

    /// <summary>Share of cases also sent with a credential chosen at random (a student on an operator route …).</summary>
    private const double CrossCredentialShare = 0.25;

    [Fact]
    public async Task Every_endpoint_answers_hostile_input_without_5xx_with_problem_details_and_without_writes()
    {
        var seed = ReadSetting("SCHOLAR_FUZZ_SEED", DefaultSeed);
        var budget = ReadSetting("SCHOLAR_FUZZ_REQUESTS", DefaultRequests);
        var targets = EndpointCatalog.Discover(factory.Services);
        using var sender = new FuzzSender(factory.ClientOptions.BaseAddress, await CredentialsAsync());
        await using var counts = await RowCounts.OpenAsync(factory.Database.ConnectionString);

        var violations = new List<(string Kind, string Detail)>();
        var slowest = new PriorityQueue<string, double>();
        var statuses = new SortedDictionary<int, int>();
        var accepted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var transportErrors = 0;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        var before = await counts.ReadAsync();
        for (var index = 0; sent < budget; index++)
        {
            // Each case has its own generator, so a case's request does not depend on the ones before it.
            // (Not HashCode.Combine: it is salted per process, which would make a seed unreplayable.)
            var rng = new Random(unchecked((seed * 1_000_003) + index));
            var target = targets[index % targets.Count];

            // Bodies over Kestrel's limit cost ~30 MB each on the loopback: only in the first rounds over the routes.
            var fuzz = new FuzzGenerator(rng) { AllowOverLimitBody = index < targets.Count * 4 }.Next(target);
            foreach (var credential in CredentialsFor(target, rng))
            {
                var started = Stopwatch.GetTimestamp();
                var response = await sender.SendAsync(fuzz, credential);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                slowest.Enqueue($"{elapsed:F0} ms {response.Status} {fuzz.Method} {target.Route.RawText} [{string.Join(", ", fuzz.Mutations)}]", elapsed);
                if (slowest.Count > 8)
                {
                    slowest.Dequeue();
                }

                sent++;
                var after = await counts.ReadAsync();
                var context = $"case {index} ({target}) as {credential}: {fuzz}";
                if (response.TransportError is not null)
                {
                    // Kestrel may answer an over-limit upload and close the connection while bytes are still going out.
                    transportErrors++;
                    if (fuzz.HugeBodyBytes == 0)
                    {
                        violations.Add(($"no response on {target.Route.RawText}", $"{response.TransportError} — {context}"));
                    }
                }
                else
                {
                    statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
                    violations.AddRange(Check(target, fuzz, response).Select(v => ($"{v} on {target.Route.RawText}", $"{Describe(response)} — {context}")));
                }

                var writes = counts.Differences(before, after).ToList();
                if (writes.Count > 0)
                {
                    if (response.Status is >= 200 and < 300)
                    {
                        var key = $"{target.Route.RawText} {response.Status}: {string.Join(", ", writes)}";
                        accepted[key] = accepted.GetValueOrDefault(key) + 1;
                    }
                    else
                    {
                        violations.Add(($"wrote {string.Join(", ", writes)} while answering {response.Status} on {target.Route.RawText}", $"{Describe(response)} — {context}"));
                    }
                }

                before = after;
            }
        }

        clock.Stop();
        output.WriteLine($"Fuzzed {targets.Count} routes with {sent} requests in {clock.Elapsed.TotalSeconds:F1} s (SCHOLAR_FUZZ_SEED={seed}).");
        output.WriteLine("Routes: " + string.Join(", ", targets));
        output.WriteLine("Statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")) + $"; transport errors {transportErrors}.");
        output.WriteLine("Tables watched: " + string.Join(", ", counts.Tables));
        output.WriteLine("Slowest: " + string.Join("; ", slowest.UnorderedItems.OrderByDescending(i => i.Priority).Select(i => i.Element)));
        foreach (var (what, times) in accepted)
        {
            output.WriteLine($"Accepted and wrote ({times}×): {what}");
        }

        // One example per kind of violation keeps the report readable; the counts say how common each is.
        var report = violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()}× {g.Key}\n    e.g. {g.First().Detail}");
        Assert.True(violations.Count == 0,
            $"{violations.Count} violation(s) of {violations.Select(v => v.Kind).Distinct().Count()} kinds; replay with SCHOLAR_FUZZ_SEED={seed} SCHOLAR_FUZZ_REQUESTS={budget}:\n"
            + string.Join("\n\n", report));
    }

    /// <summary>Every case anonymously and with the credential its route needs; some also with another one.</summary>
    private static List<Credential> CredentialsFor(FuzzTarget target, Random rng)
    {
        var credentials = new List<Credential> { Credential.Anonymous };
        if (target.Credential != Credential.Anonymous)
        {
            credentials.Add(target.Credential);
        }

        if (rng.NextDouble() < CrossCredentialShare)
        {
            var others = Enum.GetValues<Credential>().Except(credentials).ToArray();
            credentials.Add(others[rng.Next(others.Length)]);
        }

        return credentials;
    }

    private static IEnumerable<string> Check(FuzzTarget target, FuzzCase fuzz, FuzzResponse response)
    {
        if (response.Status >= 500)
        {
            yield return $"answered {response.Status}";
            yield break;
        }

        if (response.Status is < 400 or >= 500 || response.Body.Length == 0 || fuzz.Method == "HEAD")
        {
            yield break;
        }

        if (response.MediaType == "text/plain" && !AcceptsJson(fuzz))
        {
            // The client's Accept ruled JSON out: the status pages answer in text, which is content negotiation, not a lapse.
            yield break;
        }

        if (target.IsOAuth && response.MediaType is "application/json" or "text/plain")
        {
            // RFC 6749 fixes the error format of the OAuth endpoints: JSON {"error", "error_description"}
            // on the back channel (5.2); an error that cannot go back to a verified redirect_uri is shown
            // to the user instead (4.1.2.1), which OpenIddict renders as "error:…\nerror_description:…" text.
            var text = Encoding.UTF8.GetString(response.Body);
            if (response.MediaType == "application/json" ? !HasString(response.Body, "error") : !text.Contains("error_description:", StringComparison.Ordinal))
            {
                yield return "OAuth error without an error code and description";
            }

            yield break;
        }

        if (response.MediaType != "application/problem+json")
        {
            yield return $"{response.Status} is {response.MediaType ?? "untyped"}, not application/problem+json";
            yield break;
        }

        if (!HasString(response.Body, "detail") || !HasStatus(response.Body, response.Status))
        {
            yield return $"{response.Status} problem without a detail or with another status";
        }
    }

    private static bool AcceptsJson(FuzzCase fuzz)
    {
        var accept = fuzz.Headers.Where(h => h.Key == "Accept").SelectMany(h => h.Value).Where(a => a.Length > 0).ToList();
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return true;
        }

        return types.Any(t => t.Quality is not 0 && (t.MatchesAllTypes || t.SubType.Value?.EndsWith("json", StringComparison.Ordinal) == true || t.MatchesAllSubTypes && t.Type == "application"));
    }

    private static bool HasString(byte[] body, string property)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasStatus(byte[] body, int status)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("status", out var value) && value.TryGetInt32(out var s) && s == status;
    }

    private static string Describe(FuzzResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body);
        return $"{response.Status} {response.MediaType} {(text.Length > 300 ? text[..300] + "…" : text)}";
    }

    private async Task<FuzzCredentials> CredentialsAsync()
    {
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        var (_, student) = await factory.CreateUserAsync(Role.Student);
        var (_, staff) = await factory.CreateUserAsync(Role.Ceo);
        return new FuzzCredentials(
            await factory.GetUserTokenAsync(student, AuthTestExtensions.TestPassword),
            await factory.GetUserTokenAsync(staff, AuthTestExtensions.TestPassword),
            await factory.GetServiceTokenAsync(AuthClients.AutoComCenter),
            configuration["STRIPE_WEBHOOK_SECRET"]!,
            configuration["NOTIFY_WEBHOOK_SECRET"]!,
            configuration["POSTMARK_WEBHOOK_USERNAME"]!,
            configuration["POSTMARK_WEBHOOK_PASSWORD"]!);
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
