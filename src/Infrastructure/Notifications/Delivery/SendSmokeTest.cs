using System.Text.Json;
using Scholar.Application.Ops.GetRunChecklist;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>What the smoke test got back: the target, the HTTP status (null when unreachable) and the body or error.</summary>
public sealed record SmokeTestAnswer(string Target, int? StatusCode, string Body)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// DESIGN.md 8.3's smoke test: a signed <c>POST /api/send</c> (template <c>welcome</c>) to the
/// configured auto_com_center, exactly as the outbox dispatcher sends it. Used by the CLI verb
/// <c>smoke-send</c> and the console's validation run checklist.
/// </summary>
public sealed class SendSmokeTest(ApiSendDelivery client)
{
    public async Task<SmokeTestAnswer> RunAsync(string to, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(new
        {
            template = "welcome",
            to,
            channel = "email",
            data = new { name = "Scholar smoke test" },
            idempotencyKey = $"{GetRunChecklistHandler.SmokeKeyPrefix}{Guid.NewGuid()}",
        });
        var target = $"{client.BaseAddress}api/send";
        try
        {
            using var response = await client.PostAsync(payload, null, ct);
            return new SmokeTestAnswer(target, (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            return new SmokeTestAnswer(target, null, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SmokeTestAnswer(target, null, "No answer before the timeout.");
        }
    }
}
