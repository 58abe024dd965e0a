namespace Scholar.Web.Features.Notifications.Send;

public sealed record Response(Guid Id, string Status);
