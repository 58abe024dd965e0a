using Scholar.Infrastructure;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Health;
using Scholar.Infrastructure.Ops.Telemetry;
using Scholar.OpsConsole.Pages;
using Scholar.OpsConsole.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddScholarConfiguration();

builder.WebHost.UseScholarSentry(builder.Configuration);

builder.Services.AddConsoleInfrastructure(builder.Configuration);
builder.Services.AddScholarTelemetry(builder.Configuration, "scholar-opsconsole");
builder.Services.AddConsoleSignIn(builder.Configuration, builder.Environment);
builder.Services.AddScoped<ConsoleMode>();
builder.Services.AddSingleton<ProviderLinks>();
builder.Services.AddRazorPages();

var app = builder.Build();

// Operators get a plain explanation (database unreachable or not) in every environment, never a stack trace.
app.UseExceptionHandler("/error");

app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapScholarHealth();
app.MapRazorPages();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the browser tests.</summary>
public partial class Program;
