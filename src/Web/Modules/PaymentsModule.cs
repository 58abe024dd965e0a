using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Scholar.Application.Hosting;
using Scholar.Web.Pilot;

namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Payments module (its endpoints are discovered by FastEndpoints).</summary>
public static class PaymentsModule
{
    /// <summary>The student_pilot pages' sign-in and their scholarship_api client, where student_pilot is hosted.</summary>
    public static WebApplicationBuilder AddPaymentsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(PilotSignIn.StudentPolicy, PilotSignIn.RequireStudent);
        if (!HostedApps.IsNamedIn(builder.Configuration["SCHOLAR_APPS"], ScholarApps.StudentPilot))
        {
            return builder;
        }

        builder.Services.AddPilotSignIn(builder.Configuration, builder.Environment);

        // Every pilot page sees the student through the pilot's cookie (public pages too), so a form's
        // antiforgery token is bound to the same user whichever pilot page renders or receives it.
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.AddFolderApplicationModelConvention("/Pilot",
            page => page.EndpointMetadata.Add(new AuthorizeAttribute { AuthenticationSchemes = PilotSignIn.CookieScheme })));
        builder.Services.AddOptions<PilotSettings>().Bind(builder.Configuration);
        builder.Services
            .AddHttpClient<ScholarshipApiClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<PilotSettings>>().Value.ScholarshipApiBase)
            .AddStandardResilienceHandler();
        return builder;
    }
}
