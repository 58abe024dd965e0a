using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scholar.Application.Common;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Payments;

namespace Scholar.IntegrationTests.Ops;

/// <summary>An OTLP collector on 127.0.0.1 (HTTP/protobuf): it keeps what each signal path received.</summary>
public sealed class OtlpSink : LoopbackServer
{
    public ConcurrentDictionary<string, ConcurrentBag<byte[]>> Received { get; } = new(StringComparer.Ordinal);

    protected override void Map(WebApplication app) =>
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Received.GetOrAdd(signal, _ => []).Add(body.ToArray());
            return Results.Ok();
        });
}

/// <summary>The Web host with OTEL_EXPORTER_OTLP_ENDPOINT set to the sink, exporting often.</summary>
public sealed class OtlpExportingFactory : ScholarApiFactory
{
    public OtlpSink Sink { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Sink.BaseUrl,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class TelemetryExportTests(OtlpExportingFactory factory) : IClassFixture<OtlpExportingFactory>
{
    [Fact]
    public async Task With_an_OTLP_endpoint_traces_and_metrics_reach_the_collector_named_for_the_service()
    {
        using var client = factory.CreateClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            if (factory.Sink.Received.ContainsKey("traces") && factory.Sink.Received.ContainsKey("metrics"))
            {
                break;
            }
        }

        Assert.True(factory.Sink.Received.TryGetValue("traces", out var traces), "no trace export reached the collector");
        Assert.True(factory.Sink.Received.TryGetValue("metrics", out var metrics), "no metric export reached the collector");
        Assert.Contains(traces, t => Encoding.UTF8.GetString(t).Contains("scholar-web", StringComparison.Ordinal));
        // The runtime's own meters are exported with the rest.
        Assert.Contains(metrics, m => Encoding.UTF8.GetString(m).Contains("dotnet.", StringComparison.Ordinal));
    }
}

public sealed class BusinessMeterTests(SandboxPaymentsFactory factory) : IClassFixture<SandboxPaymentsFactory>
{
    [Fact]
    public async Task A_fulfilled_purchase_is_counted_once_with_its_credits_and_its_webhook_outcome()
    {
        var seen = new ConcurrentBag<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ScholarMeters.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.Length > 0 ? tags[0].Value?.ToString() : null)));
        listener.Start();

        var (client, _) = await factory.CreateSignedInClientAsync();
        var checkout = await (await client.PostAsJsonAsync("/api/checkout", new { packageId = "standard-120" })).Content.ReadFromJsonAsync<CheckoutAnswer>();
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostAsync($"/sandbox/checkout/{checkout!.CheckoutSessionId}/pay", null)).StatusCode);
        listener.RecordObservableInstruments();

        // Other tests of this process may count too: this purchase's own measurements must be among them.
        Assert.Contains(seen, m => m is { Instrument: "scholar.purchases.fulfilled", Value: 1 });
        Assert.Contains(seen, m => m is { Instrument: "scholar.credits.granted", Value: 120, Tag: "purchase" });
        Assert.Contains(seen, m => m is { Instrument: "scholar.webhooks.stripe", Tag: "fulfilled" });

        // Prometheus reads the same meters on /metrics, by the names deploy/observability uses.
        using var scraper = factory.CreateBearerClient(await factory.GetServiceTokenAsync("metrics_scraper", "ops.metrics"));
        var metrics = await scraper.GetStringAsync("/metrics");
        Assert.Contains("scholar_purchases_fulfilled_total", metrics, StringComparison.Ordinal);
        Assert.Contains("scholar_credits_granted_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("scholar_webhooks_stripe_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", metrics, StringComparison.Ordinal);
    }

    private sealed record CheckoutAnswer(Guid PaymentId, string CheckoutSessionId, string Url);
}
