using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.Web.Cli;

/// <summary><c>smoke-send --to &lt;email&gt;</c>: runs <see cref="SendSmokeTest"/> and prints the answer.</summary>
public static class SmokeSend
{
    public static async Task<int> RunAsync(string? to, IServiceProvider services)
    {
        if (string.IsNullOrWhiteSpace(to))
        {
            await Console.Error.WriteLineAsync("Usage: smoke-send --to <email>");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<SendSmokeTest>().RunAsync(to, CancellationToken.None);
        if (answer.StatusCode is not { } status)
        {
            await Console.Error.WriteLineAsync($"POST {answer.Target} failed: {answer.Body}");
            return 1;
        }

        Console.WriteLine($"POST {answer.Target} → {status} {(System.Net.HttpStatusCode)status}");
        Console.WriteLine(answer.Body);
        return answer.Succeeded ? 0 : 1;
    }
}
