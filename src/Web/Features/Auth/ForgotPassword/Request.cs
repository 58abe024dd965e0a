using FastEndpoints;
using FluentValidation;
using Scholar.Domain.Auth;

namespace Scholar.Web.Features.Auth.ForgotPassword;

public sealed record Request(string Email);

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator() =>
        RuleFor(r => r.Email).NotEmpty().MaximumLength(User.MaxEmailLength).EmailAddress().WithMessage("Must be an email address.");
}
