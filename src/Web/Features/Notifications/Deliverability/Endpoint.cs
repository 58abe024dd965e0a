using FastEndpoints;
using Microsoft.Extensions.Options;
using Scholar.Application.Notifications.Deliverability;
using Scholar.Infrastructure.Notifications;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Notifications.Deliverability;

/// <summary>Operator view: the sender domain's SPF/DKIM/DMARC and the recent 3-inbox tests.</summary>
public sealed class Endpoint(GetDeliverabilityHandler handler, IOptions<NotificationSettings> settings) : EndpointWithoutRequest<DeliverabilityReport>
{
    public override void Configure()
    {
        Get("/api/ops/deliverability");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(settings.Value.SenderDomain, ct), ct);
}
