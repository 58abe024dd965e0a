using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Domain.Credits;

namespace Scholar.Infrastructure.Persistence.Configurations.Credits;

public sealed class CreditAccountConfiguration : IEntityTypeConfiguration<CreditAccount>
{
    public void Configure(EntityTypeBuilder<CreditAccount> builder)
    {
        builder.ToTable("credit_accounts");
        builder.HasKey(a => a.Id);
        // One account per user; also the conflict target of the lazy INSERT … ON CONFLICT DO NOTHING.
        builder.HasIndex(a => a.UserId).IsUnique();
        // Appends hold the row lock; the version check is a second line of defence for any other writer.
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}
