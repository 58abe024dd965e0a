using FastEndpoints;
using FluentValidation;
using Scholar.Domain.Auth;

namespace Scholar.Web.Features.Auth.SignUp;

public sealed record Request(string Email, string Password, string? DisplayName);

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(User.MaxEmailLength).EmailAddress().WithMessage("Must be an email address.");
        RuleFor(r => r.Password).NotEmpty().Length(Passwords.MinLength, Passwords.MaxLength)
            .WithMessage($"Must be {Passwords.MinLength} to {Passwords.MaxLength} characters long.");
        RuleFor(r => r.DisplayName).MaximumLength(User.MaxDisplayNameLength);
    }
}
