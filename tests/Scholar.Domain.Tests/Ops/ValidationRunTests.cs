using Scholar.Domain.Common;
using Scholar.Domain.Ops;

namespace Scholar.Domain.Tests.Ops;

public sealed class ValidationRunTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_lasts_sixty_minutes()
    {
        var run = ValidationRun.Start("ceo", sandbox: true, Start);

        Assert.Equal(Start.AddMinutes(60), run.EndsAt);
        Assert.True(run.IsActive(Start.AddMinutes(59)));
        Assert.False(run.IsActive(Start.AddMinutes(60)));
        Assert.Equal(run.EndsAt, run.EffectiveEnd);
    }

    [Fact]
    public void Stopping_ends_the_run_early()
    {
        var run = ValidationRun.Start("ceo", sandbox: false, Start);

        run.Stop("operator", Start.AddMinutes(10));

        Assert.False(run.IsActive(Start.AddMinutes(11)));
        Assert.Equal(Start.AddMinutes(10), run.EffectiveEnd);
        Assert.Equal("operator", run.StoppedBy);
    }

    [Fact]
    public void An_ended_run_cannot_be_stopped()
    {
        var run = ValidationRun.Start("ceo", sandbox: false, Start);

        var error = Assert.Throws<DomainException>(() => run.Stop("operator", Start.AddMinutes(61)));

        Assert.Equal("validation-run-not-active", error.Code);
    }
}
