using System.Text;
using Microsoft.Net.Http.Headers;

namespace Scholar.Web.Errors;

/// <summary>
/// Answers 415 to a body whose Content-Type names a charset .NET cannot decode, before a body reader
/// (FastEndpoints' JSON binder, the form reader) throws on it as if it were a server fault.
/// </summary>
public static class RequestCharsetGuard
{
    public static IApplicationBuilder UseRequestCharsetGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsDecodable(context.Request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = ProblemExceptionHandler.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-charset",
                    "The charset named in Content-Type is not supported; send UTF-8."),
            });
            return;
        }

        await next(context);
    });

    /// <summary>True without a Content-Type or charset (readers then assume UTF-8), or with a charset .NET knows.</summary>
    public static bool IsDecodable(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.Charset.Length == 0)
        {
            return true;
        }

        try
        {
            _ = Encoding.GetEncoding(HeaderUtilities.RemoveQuotes(mediaType.Charset).ToString());
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
