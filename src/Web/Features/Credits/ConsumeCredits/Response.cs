namespace Scholar.Web.Features.Credits.ConsumeCredits;

public sealed record Response(Guid EntryId, long Balance);
