namespace Scholar.Application.Abstractions;

public sealed record DnsRecordCheck(string Name, string Host, bool Pass, string? Record, string Detail);

public sealed record SenderDomainPosture(string Domain, DnsRecordCheck Spf, DnsRecordCheck Dkim, DnsRecordCheck Dmarc)
{
    public bool Pass => Spf.Pass && Dkim.Pass && Dmarc.Pass;
}

/// <summary>Looks up the sender domain's SPF, DKIM and DMARC records in DNS.</summary>
public interface ISenderDomainCheck
{
    Task<SenderDomainPosture> CheckAsync(string domain, CancellationToken cancellationToken);
}
