using System.Reflection;

namespace Scholar.Infrastructure.Ops.Instances;

/// <summary>Who this process is in <c>app_instances</c> and <c>request_latency</c>: one id per process start.</summary>
public sealed class InstanceIdentity(TimeProvider clock)
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    public static string Version { get; } =
        (Assembly.GetEntryAssembly() ?? typeof(InstanceIdentity).Assembly)
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
