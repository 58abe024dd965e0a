using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Scholar.OpsConsole.Pages;

/// <summary>What went wrong, in words an operator can act on; never the exception's text (it may hold data).</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public bool DatabaseDown { get; private set; }

    public string TraceId => HttpContext.TraceIdentifier;

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        DatabaseDown = IsDatabaseDown(error);
        Response.StatusCode = DatabaseDown ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
    }

    public static bool IsDatabaseDown(Exception? error) => error switch
    {
        null => false,
        NpgsqlException { IsTransient: true } or SocketException or TimeoutException => true,
        _ => IsDatabaseDown(error.InnerException),
    };
}
