using System.Text.Json;
using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.Web.Cli;

/// <summary>
/// <c>smoke-send --to &lt;email&gt;</c>: a signed <c>POST /api/send</c> (template <c>welcome</c>) to the
/// configured auto_com_center, exactly as the outbox dispatcher sends it; prints the answer.
/// </summary>
public static class SmokeSend
{
    public static async Task<int> RunAsync(string? to, IServiceProvider services)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            await Console.Error.WriteLineAsync("Usage: smoke-send --to <email>");
            return 2;
        }

        var client = services.GetRequiredService<NotifyApiClient>();
        var payload = JsonSerializer.Serialize(new
        {
            template = "welcome",
            to,
            channel = "email",
            data = new { name = "Scholar smoke test" },
            idempotencyKey = $"smoke:{Guid.NewGuid()}",
        });
        try
        {
            using var response = await client.PostAsync(payload, null, CancellationToken.None);
            Console.WriteLine($"POST {client.BaseAddress}api/send → {(int)response.StatusCode} {response.StatusCode}");
            Console.WriteLine(await response.Content.ReadAsStringAsync());
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"POST {client.BaseAddress}api/send failed: {e.Message}");
            return 1;
        }
    }
}
