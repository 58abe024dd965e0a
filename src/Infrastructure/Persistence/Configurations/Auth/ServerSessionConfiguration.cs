using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Infrastructure.Auth.Sessions;

namespace Scholar.Infrastructure.Persistence.Configurations.Auth;

public sealed class ServerSessionConfiguration : IEntityTypeConfiguration<ServerSession>
{
    public void Configure(EntityTypeBuilder<ServerSession> builder)
    {
        builder.ToTable("auth_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Scheme).HasMaxLength(64);
        builder.Property(s => s.Subject).HasMaxLength(64);
        builder.HasIndex(s => s.Subject);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
