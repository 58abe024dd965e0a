using Microsoft.Extensions.Hosting;

namespace Scholar.Infrastructure.Configuration;

public static class HostingSetup
{
    /// <summary>
    /// Configuration shared by every host: development defaults underneath everything else (only in
    /// Development), so environment variables always win.
    /// </summary>
    public static IHostApplicationBuilder AddScholarConfiguration(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            DevelopmentDefaults.AddTo(builder.Configuration);
        }

        return builder;
    }
}
