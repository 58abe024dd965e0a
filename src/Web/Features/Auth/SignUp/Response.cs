namespace Scholar.Web.Features.Auth.SignUp;

public sealed record Response(Guid UserId);
