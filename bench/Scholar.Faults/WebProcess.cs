using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Scholar.Faults;

/// <summary>One real Scholar Web process (the Release build), started, SIGKILLed and restarted on its own port.</summary>
internal sealed class WebProcess(string webDll, int port, IReadOnlyDictionary<string, string> environment, string logPath) : IAsyncDisposable
{
    private Process? _process;

    public string BaseUrl { get; } = $"http://127.0.0.1:{port}";

    public int Starts { get; private set; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { webDll, "--urls", BaseUrl },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        Starts++;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"--- start {Starts} at {DateTimeOffset.UtcNow:O} (pid {process.Id.ToString(CultureInfo.InvariantCulture)})");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Web on {BaseUrl} exited with code {process.ExitCode} while starting; see {logPath}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{BaseUrl}/healthz"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"Web on {BaseUrl} did not answer /healthz within 90 s; see {logPath}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, in-flight requests and transactions cut off.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM and a graceful shutdown, SIGKILL if that takes more than 15 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // The process exited (or was killed) while its last lines were still being read.
        }
    }
}
