using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Infrastructure.Auth.Keys;

namespace Scholar.Infrastructure.Persistence.Configurations.Auth;

public sealed class DevelopmentKeyConfiguration : IEntityTypeConfiguration<DevelopmentKey>
{
    public void Configure(EntityTypeBuilder<DevelopmentKey> builder)
    {
        builder.ToTable("auth_development_keys");
        builder.HasKey(k => k.Purpose);
    }
}
