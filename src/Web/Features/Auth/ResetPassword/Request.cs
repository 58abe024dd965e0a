using FastEndpoints;
using FluentValidation;
using Scholar.Domain.Auth;

namespace Scholar.Web.Features.Auth.ResetPassword;

public sealed record Request(string Email, string Token, string NewPassword);

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(User.MaxEmailLength).EmailAddress().WithMessage("Must be an email address.");
        RuleFor(r => r.Token).NotEmpty().MaximumLength(200);
        RuleFor(r => r.NewPassword).NotEmpty().Length(Passwords.MinLength, Passwords.MaxLength)
            .WithMessage($"Must be {Passwords.MinLength} to {Passwords.MaxLength} characters long.");
    }
}
