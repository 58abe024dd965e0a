using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using NSubstitute;
using Scholar.Infrastructure.Notifications;
using Scholar.Infrastructure.Notifications.Deliverability;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>DNS is the outside world here: <see cref="ILookupClient"/> answers from a table.</summary>
public sealed class SenderDomainCheckTests
{
    private readonly Dictionary<string, string[]> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILookupClient _dns = Substitute.For<ILookupClient>();

    public SenderDomainCheckTests()
    {
        _dns.QueryAsync(Arg.Any<string>(), QueryType.TXT, QueryClass.IN, Arg.Any<CancellationToken>())
            .Returns(call => Answer(call.ArgAt<string>(0)));
    }

    private DnsSenderDomainCheck Check(string? selector = "pm20261124") =>
        new(_dns, Options.Create(new NotificationSettings { DkimSelector = selector }));

    private Task<IDnsQueryResponse> Answer(string host)
    {
        var response = Substitute.For<IDnsQueryResponse>();
        var records = _txt.TryGetValue(host, out var values)
            ? values.Select(v => (DnsResourceRecord)new TxtRecord(new ResourceRecordInfo(host, ResourceRecordType.TXT, QueryClass.IN, 300, v.Length), [v], [v])).ToList()
            : [];
        response.Answers.Returns(records);
        response.HasError.Returns(false);
        return Task.FromResult(response);
    }

    [Fact]
    public async Task Domain_with_spf_dkim_and_dmarc_passes()
    {
        _txt["scholar.test"] = ["v=spf1 include:spf.mtasv.net ~all", "google-site-verification=abc"];
        _txt["pm20261124._domainkey.scholar.test"] = ["k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"];
        _txt["_dmarc.scholar.test"] = ["v=DMARC1; p=quarantine; rua=mailto:dmarc@scholar.test"];

        var posture = await Check().CheckAsync("scholar.test", default);

        Assert.True(posture.Pass);
        Assert.Contains("Postmark", posture.Spf.Detail, StringComparison.Ordinal);
        Assert.Equal("pm20261124._domainkey.scholar.test", posture.Dkim.Host);
        Assert.Contains("quarantine", posture.Dmarc.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_records_fail_each_with_a_reason()
    {
        var posture = await Check().CheckAsync("bare.test", default);

        Assert.False(posture.Pass);
        Assert.False(posture.Spf.Pass);
        Assert.False(posture.Dkim.Pass);
        Assert.False(posture.Dmarc.Pass);
        Assert.Contains("No DMARC", posture.Dmarc.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_spf_records_or_a_revoked_dkim_key_fail()
    {
        _txt["broken.test"] = ["v=spf1 -all", "v=spf1 include:spf.mtasv.net ~all"];
        _txt["pm20261124._domainkey.broken.test"] = ["v=DKIM1; k=rsa; p="];
        _txt["_dmarc.broken.test"] = ["v=DMARC1; p=none"];

        var posture = await Check().CheckAsync("broken.test", default);

        Assert.False(posture.Spf.Pass);
        Assert.False(posture.Dkim.Pass);
        Assert.True(posture.Dmarc.Pass);
    }

    [Fact]
    public async Task Without_a_selector_dkim_cannot_pass_and_says_what_to_set()
    {
        var posture = await Check(selector: null).CheckAsync("scholar.test", default);

        Assert.False(posture.Dkim.Pass);
        Assert.Contains("DKIM_SELECTOR", posture.Dkim.Detail, StringComparison.Ordinal);
    }
}
