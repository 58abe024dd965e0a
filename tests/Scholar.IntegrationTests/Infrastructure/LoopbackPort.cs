using System.Net;
using System.Net.Sockets;

namespace Scholar.IntegrationTests.Infrastructure;

public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 right now, for a host that must call itself over real HTTP.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
