using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>
/// The host on a real Kestrel port (real body limits, header parsing and HTTP/1.1 framing) with
/// Scholar's own background workers removed: every row that appears in the database during a fuzz
/// run was then written by the request just sent, so a write can be pinned on that request.
/// </summary>
public sealed class FuzzFactory : ScholarApiFactory
{
    private readonly int _port = LoopbackPort.Free();

    public FuzzFactory() => UseKestrel(_port);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The sandbox checkout posts its signed events back to this host over HTTP.
        ["APP_BASE_URL"] = $"http://127.0.0.1:{_port}",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var workers = services.Where(d => d.ServiceType == typeof(IHostedService) && IsScholarType(ImplementationOf(d))).ToList();
            foreach (var worker in workers)
            {
                services.Remove(worker);
            }
        });
    }

    /// <summary>Factory registrations (<c>AddHostedService(sp => ...)</c>) keep the type in the delegate's signature.</summary>
    private static Type? ImplementationOf(ServiceDescriptor d) =>
        d.ImplementationType ?? d.ImplementationInstance?.GetType() ?? d.ImplementationFactory?.GetType().GenericTypeArguments.LastOrDefault();

    private static bool IsScholarType(Type? type) => type?.Assembly.GetName().Name?.StartsWith("Scholar.", StringComparison.Ordinal) == true;
}
