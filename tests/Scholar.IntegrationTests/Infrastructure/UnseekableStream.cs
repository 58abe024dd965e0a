namespace Scholar.IntegrationTests.Infrastructure;

/// <summary>A body whose length HttpClient cannot know: sent chunked, without Content-Length.</summary>
public sealed class UnseekableStream(byte[] data) : MemoryStream(data, writable: false)
{
    public override bool CanSeek => false;
}
