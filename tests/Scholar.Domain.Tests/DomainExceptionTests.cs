using Scholar.Domain.Common;

namespace Scholar.Domain.Tests;

public sealed class DomainExceptionTests
{
    [Fact]
    public void Carries_a_stable_code_and_a_readable_message()
    {
        var error = new DomainException("insufficient-credits", "Balance 5 is short of 10.");

        Assert.Equal("insufficient-credits", error.Code);
        Assert.Equal("Balance 5 is short of 10.", error.Message);
    }
}
