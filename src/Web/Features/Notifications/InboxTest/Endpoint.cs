using FastEndpoints;
using Microsoft.Extensions.Options;
using Scholar.Application.Notifications.Deliverability;
using Scholar.Infrastructure.Notifications;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Notifications.InboxTest;

/// <summary>Starts a 3-inbox test: <c>deliverability_test</c> to each of DELIVERABILITY_TEST_INBOXES.</summary>
public sealed class Endpoint(StartInboxTestHandler handler, IOptions<NotificationSettings> settings) : EndpointWithoutRequest<StartInboxTestResult>
{
    public override void Configure()
    {
        Post("/api/ops/deliverability/inbox-test");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<StartInboxTestResult>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status409Conflict));
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.ResponseAsync(await handler.HandleAsync(settings.Value.TestInboxes, ct), StatusCodes.Status202Accepted, ct);
}
