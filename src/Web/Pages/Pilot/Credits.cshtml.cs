using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Web.Pilot;
using Balance = Scholar.Web.Features.Credits.GetBalance.Response;
using LedgerPage = Scholar.Web.Features.Credits.GetLedger.Response;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Balance and ledger history, read from scholarship_api with the student's own token.</summary>
[Authorize(Policy = PilotSignIn.StudentPolicy)]
public sealed class CreditsModel(ScholarshipApiClient scholarshipApi) : PilotPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public Balance? Balance { get; private set; }

    public LedgerPage? Ledger { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var token = await AccessTokenAsync() ?? "";
        try
        {
            Balance = await scholarshipApi.GetBalanceAsync(token, ct);
            Ledger = await scholarshipApi.GetLedgerAsync(token, Cursor, ct);
        }
        catch (ScholarshipApiException e)
        {
            Error = e.Message;
            Response.StatusCode = e.Status is >= 400 and < 500 ? e.Status.Value : StatusCodes.Status502BadGateway;
        }
    }
}
