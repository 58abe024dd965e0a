using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Scholar.IntegrationTests.Infrastructure;

/// <summary>
/// A tiny Kestrel app on 127.0.0.1 standing in for an outside service (Stripe's or Postmark's API):
/// subclasses map the routes they answer.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;

    protected LoopbackServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        Map(_app);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected abstract void Map(WebApplication app);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }
}
