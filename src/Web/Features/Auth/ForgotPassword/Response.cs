namespace Scholar.Web.Features.Auth.ForgotPassword;

/// <summary>The one answer, whether or not the account exists.</summary>
public sealed record Response(string Status, string Message)
{
    public static Response Accepted { get; } = new("accepted", "If an account exists for this address, a reset link is on its way.");
}
