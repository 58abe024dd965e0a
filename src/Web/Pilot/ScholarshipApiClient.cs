using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using BalanceEndpoint = Scholar.Web.Features.Credits.GetBalance.Endpoint;
using Balance = Scholar.Web.Features.Credits.GetBalance.Response;
using LedgerPage = Scholar.Web.Features.Credits.GetLedger.Response;

namespace Scholar.Web.Pilot;

/// <summary>A scholarship_api answer the student should read: the problem's own words, never a stack trace.</summary>
public sealed class ScholarshipApiException(string message, int? status) : Exception(message)
{
    public int? Status { get; } = status;
}

/// <summary>
/// scholarship_api over HTTP with the student's own access token, exactly as a separately hosted
/// student_pilot would call it (SCHOLARSHIP_API_BASE_URL). Transient failures are retried by the
/// resilience pipeline the client is registered with.
/// </summary>
public sealed class ScholarshipApiClient(HttpClient http)
{
    public const int LedgerPageSize = 20;

    public Task<Balance> GetBalanceAsync(string accessToken, CancellationToken ct) =>
        GetAsync<Balance>(BalanceEndpoint.Route.TrimStart('/'), accessToken, ct);

    public Task<LedgerPage> GetLedgerAsync(string accessToken, string? cursor, CancellationToken ct)
    {
        var path = $"api/credits/ledger?limit={LedgerPageSize}";
        if (!string.IsNullOrEmpty(cursor))
        {
            path += "&cursor=" + Uri.EscapeDataString(cursor);
        }

        return GetAsync<LedgerPage>(path, accessToken, ct);
    }

    private async Task<T> GetAsync<T>(string path, string accessToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Whatever the pipeline gave up with (connection, timeout, open circuit): one plain message.
            throw new ScholarshipApiException("Your credits cannot be read right now: the credits service is unreachable. Try again in a minute.", null);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct)
                    ?? throw new ScholarshipApiException("The credits service sent an empty answer.", (int)response.StatusCode);
            }

            throw new ScholarshipApiException(await ProblemMessageAsync(response, ct), (int)response.StatusCode);
        }
    }

    /// <summary>The problem's detail (or title) as a plain sentence; a bare status when the body is no problem.</summary>
    private static async Task<string> ProblemMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(JsonSerializerOptions.Web, ct);
            if ((problem?.Detail ?? problem?.Title) is { } message && !string.IsNullOrWhiteSpace(message))
            {
                return message;
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
        }

        return $"The credits service answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }
}
