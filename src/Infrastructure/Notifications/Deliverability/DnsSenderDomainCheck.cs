using DnsClient;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;

namespace Scholar.Infrastructure.Notifications.Deliverability;

/// <summary>
/// Reads the sender domain's SPF (TXT at the domain), DKIM (TXT at <c>{DKIM_SELECTOR}._domainkey</c>)
/// and DMARC (TXT at <c>_dmarc</c>) records through DnsClient's <see cref="ILookupClient"/>.
/// </summary>
public sealed class DnsSenderDomainCheck(ILookupClient dns, IOptions<NotificationSettings> settings) : ISenderDomainCheck
{
    public async Task<SenderDomainPosture> CheckAsync(string domain, CancellationToken cancellationToken)
    {
        var spf = await CheckSpfAsync(domain, cancellationToken);
        var dkim = await CheckDkimAsync(domain, settings.Value.DkimSelector, cancellationToken);
        var dmarc = await CheckDmarcAsync(domain, cancellationToken);
        return new SenderDomainPosture(domain, spf, dkim, dmarc);
    }

    private async Task<DnsRecordCheck> CheckSpfAsync(string domain, CancellationToken ct)
    {
        var records = (await TxtAsync(domain, ct)).Where(r => r.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase)).ToList();
        return records switch
        {
            [] => new("SPF", domain, false, null, "No SPF record (TXT v=spf1)."),
            [_, _, ..] => new("SPF", domain, false, string.Join(" | ", records), "More than one SPF record: receivers treat that as an error."),
            [var r] when r.Contains("+all", StringComparison.OrdinalIgnoreCase) => new("SPF", domain, false, r, "SPF allows every sender (+all)."),
            [var r] => new("SPF", domain, true, r, r.Contains("spf.mtasv.net", StringComparison.OrdinalIgnoreCase)
                ? "SPF present and includes Postmark."
                : "SPF present (Postmark's include:spf.mtasv.net is not listed; fine with a custom Return-Path)."),
        };
    }

    private async Task<DnsRecordCheck> CheckDkimAsync(string domain, string? selector, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return new("DKIM", domain, false, null, "DKIM_SELECTOR is not set: copy the selector from Postmark's sender domain page.");
        }

        var host = $"{selector}._domainkey.{domain}";
        var record = (await TxtAsync(host, ct)).FirstOrDefault(r => r.Contains("p=", StringComparison.Ordinal));
        return record is null
            ? new("DKIM", host, false, null, $"No DKIM key at {host}.")
            : Tag(record, "p") is { Length: > 0 }
                ? new("DKIM", host, true, record, "DKIM public key published.")
                : new("DKIM", host, false, record, "The DKIM key is empty (revoked).");
    }

    private async Task<DnsRecordCheck> CheckDmarcAsync(string domain, CancellationToken ct)
    {
        var host = $"_dmarc.{domain}";
        var record = (await TxtAsync(host, ct)).FirstOrDefault(r => r.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase));
        return Tag(record, "p")?.ToLowerInvariant() switch
        {
            null => new("DMARC", host, false, record, "No DMARC record (TXT v=DMARC1 with p=…)."),
            "none" => new("DMARC", host, true, record, "DMARC present, policy none (monitoring only)."),
            "quarantine" or "reject" => new("DMARC", host, true, record, $"DMARC present, policy {Tag(record, "p")}."),
            var p => new("DMARC", host, false, record, $"DMARC policy '{p}' is not valid."),
        };
    }

    private async Task<IReadOnlyList<string>> TxtAsync(string host, CancellationToken ct)
    {
        var response = await dns.QueryAsync(host, QueryType.TXT, QueryClass.IN, ct);
        // A TXT record may be split into several strings; receivers join them.
        return response.HasError ? [] : [.. response.Answers.TxtRecords().Select(r => string.Concat(r.Text).Trim())];
    }

    private static string? Tag(string? record, string name) =>
        record?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(kv => kv.Length == 2 && kv[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(kv => kv[1])
            .FirstOrDefault();
}
