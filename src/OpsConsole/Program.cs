using Scholar.Infrastructure;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddScholarConfiguration();

var sentryDsn = builder.Configuration["SENTRY_DSN"];
if (!string.IsNullOrWhiteSpace(sentryDsn))
{
    builder.WebHost.UseSentry(o =>
    {
        o.Dsn = sentryDsn;
        o.SendDefaultPii = false;
    });
}

builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddRazorPages();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthorization();
app.MapScholarHealth();
app.MapRazorPages();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the browser tests.</summary>
public partial class Program;
