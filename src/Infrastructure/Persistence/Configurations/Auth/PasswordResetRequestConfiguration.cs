using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Domain.Auth;

namespace Scholar.Infrastructure.Persistence.Configurations.Auth;

public sealed class PasswordResetRequestConfiguration : IEntityTypeConfiguration<PasswordResetRequest>
{
    public void Configure(EntityTypeBuilder<PasswordResetRequest> builder)
    {
        builder.ToTable("password_reset_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Email).HasMaxLength(User.MaxEmailLength);
        builder.Property(r => r.ResetPageUrl).HasMaxLength(PasswordResetRequest.MaxResetPageUrlLength);
        builder.HasIndex(r => r.RequestedAt);
    }
}
