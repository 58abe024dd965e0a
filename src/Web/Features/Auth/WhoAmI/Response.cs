namespace Scholar.Web.Features.Auth.WhoAmI;

/// <summary>
/// <c>Subject</c> is the token's <c>sub</c> (a user id, or a service client's id); <c>UserId</c> is set
/// only when the subject is a user. Roles and scopes are those the authorization policies see.
/// </summary>
public sealed record Response(string Subject, Guid? UserId, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, bool IsOperator);
