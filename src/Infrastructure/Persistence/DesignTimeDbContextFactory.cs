using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Scholar.Infrastructure.Configuration;

namespace Scholar.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting a host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("DATABASE_URL") ?? DevelopmentDefaults.Values["DATABASE_URL"];
        var options = new DbContextOptionsBuilder<AppDbContext>();
        PersistenceRegistration.Configure(options, DatabaseUrl.ToConnectionString(url));
        return new AppDbContext(options.Options);
    }
}
