using Scholar.Application.Common.Idempotency;

namespace Scholar.Application.Tests.Common;

public sealed class RequestFingerprintTests
{
    private sealed record Consume(long Amount, string Reason);

    [Fact]
    public void Equal_requests_hash_equally_as_64_hex_characters()
    {
        var hash = RequestFingerprint.OfJson(new Consume(10, "lesson"));

        Assert.Equal(hash, RequestFingerprint.OfJson(new Consume(10, "lesson")));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Any_changed_field_changes_the_hash()
    {
        Assert.NotEqual(RequestFingerprint.OfJson(new Consume(10, "lesson")), RequestFingerprint.OfJson(new Consume(11, "lesson")));
        Assert.NotEqual(RequestFingerprint.OfJson(new Consume(10, "lesson")), RequestFingerprint.OfJson(new Consume(10, "Lesson")));
    }

    [Fact]
    public void Parts_are_delimited_so_shifting_characters_between_them_changes_the_hash()
    {
        Assert.NotEqual(RequestFingerprint.OfParts("ab", "c"), RequestFingerprint.OfParts("a", "bc"));
        Assert.NotEqual(RequestFingerprint.OfParts("a", null), RequestFingerprint.OfParts("a", ""));
        Assert.Equal(RequestFingerprint.OfParts("a", null), RequestFingerprint.OfParts("a", null));
    }
}
