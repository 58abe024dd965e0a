using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Scholar.Infrastructure.Notifications.Twilio;

/// <summary>
/// The SMS provider adapter: Twilio's Messages API through the official package, on an
/// <see cref="System.Net.Http.HttpClient"/> from the factory whose handler sends every call to
/// <c>TWILIO_API_BASE_URL</c> (Twilio itself by default, a stub in tests). Refused credentials are
/// a dead letter, not a halt: an alert SMS must never stop email.
/// </summary>
public sealed class TwilioSmsSender(System.Net.Http.HttpClient http, IOptions<NotificationSettings> settings) : ISmsProvider
{
    public string Hop => DeliveryHops.AutoComCenterToTwilio;

    public bool IsConfigured => settings.Value.TwilioConfigured;

    public async Task<EmailSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var s = settings.Value;
        if (!IsConfigured)
        {
            return new EmailSendResult(EmailSendOutcome.DeadLetter, null, "Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER).", null);
        }

        var client = new TwilioRestClient(s.TwilioAccountSid, s.TwilioAuthToken, s.TwilioAccountSid, null, new SystemNetHttpClient(http), null);
        var options = new CreateMessageOptions(new PhoneNumber(message.To)) { From = new PhoneNumber(s.TwilioFromNumber), Body = message.Body };
        try
        {
            var sent = await MessageResource.CreateAsync(options, client);
            return EmailSendResult.Accepted(sent.Sid, 201);
        }
        catch (ApiException e)
        {
            // Twilio's message and code only: the request (with its credentials) is never echoed.
            var error = $"Twilio {e.Status} (code {e.Code}): {e.Message}";
            var outcome = e.Status is 429 or >= 500 ? EmailSendOutcome.Retry : EmailSendOutcome.DeadLetter;
            return new EmailSendResult(outcome, null, error, e.Status);
        }
        catch (Exception e) when (e is ApiConnectionException or System.Net.Http.HttpRequestException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new EmailSendResult(EmailSendOutcome.Retry, null, "Twilio could not be reached: " + e.GetType().Name, null);
        }
    }
}

/// <summary>Sends Twilio's calls (always to https://api.twilio.com/…) to the configured base address instead.</summary>
public sealed class TwilioBaseAddressHandler(IOptions<NotificationSettings> settings) : System.Net.Http.DelegatingHandler
{
    protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = new Uri(settings.Value.TwilioApiBaseUrl.TrimEnd('/') + "/");
        if (request.RequestUri is { } uri && !(uri.Scheme == target.Scheme && uri.Authority == target.Authority))
        {
            request.RequestUri = new Uri(target, uri.PathAndQuery.TrimStart('/'));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
