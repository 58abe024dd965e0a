using System.Text;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>One generated request, before a credential is applied.</summary>
public sealed class FuzzCase
{
    public required string Method { get; init; }

    public required string PathAndQuery { get; init; }

    public List<KeyValuePair<string, string[]>> Headers { get; } = [];

    /// <summary>The body, or null for a request without content.</summary>
    public byte[]? Body { get; set; }

    /// <summary>When positive, a body of this many bytes is streamed instead of <see cref="Body"/>.</summary>
    public long HugeBodyBytes { get; set; }

    /// <summary>Sent with chunked transfer encoding (no Content-Length), so a size check cannot rely on the header.</summary>
    public bool Chunked { get; set; }

    public string? ContentType { get; set; }

    /// <summary>What the generator did, for the failure report.</summary>
    public List<string> Mutations { get; } = [];

    public override string ToString()
    {
        var text = new StringBuilder($"{Method} {Truncate(PathAndQuery, 300)}");
        text.Append(" [").Append(string.Join(", ", Mutations)).Append(']');
        foreach (var (name, values) in Headers)
        {
            text.Append("\n    ").Append(name).Append(": ").Append(Truncate(string.Join(" | ", values), 200));
        }

        if (ContentType is not null)
        {
            text.Append("\n    Content-Type: ").Append(ContentType);
        }

        if (HugeBodyBytes > 0)
        {
            text.Append($"\n    body: {HugeBodyBytes:N0} bytes streamed{(Chunked ? ", chunked" : "")}");
        }
        else if (Body is not null)
        {
            text.Append($"\n    body ({Body.Length:N0} bytes{(Chunked ? ", chunked" : "")}): ")
                .Append(Truncate(Encoding.UTF8.GetString(Body), 400));
        }

        return text.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + $"…(+{s.Length - max})";
}
