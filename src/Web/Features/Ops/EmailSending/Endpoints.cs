using FastEndpoints;
using Scholar.Application.Ops.EmailSending;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.EmailSending;

/// <summary><c>GET /api/ops/email-sending</c> → <c>{halted, reason, since}</c>: the halt every instance obeys.</summary>
public sealed class GetEndpoint(GetEmailSendingHandler handler) : EndpointWithoutRequest<EmailSendingState>
{
    public override void Configure()
    {
        Get("/api/ops/email-sending");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await handler.HandleAsync(ct), ct);
}

/// <summary><c>POST /api/ops/email-sending/resume</c>: every instance sends again (audited).</summary>
public sealed class ResumeEndpoint(ResumeEmailSendingHandler handler) : EndpointWithoutRequest<EmailSendingState>
{
    public override void Configure()
    {
        Post("/api/ops/email-sending/resume");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(new ResumeEmailSendingCommand(User.Describe()), ct), ct);
}
