using System.Net;
using System.Text;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>A signed send over the 64 KiB limit is refused before the signature is checked, however it is framed.</summary>
public sealed class OversizedSignedSendTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Oversized_signed_body_is_a_413_problem_and_queues_nothing(bool chunked)
    {
        var body = "{\"template\":\"welcome\",\"to\":\"big@example.com\",\"data\":{\"name\":\"" + new string('x', 300_000) + "\"}}";
        using var request = factory.SignedRequest(HttpMethod.Post, "/api/send", body);
        if (chunked)
        {
            // No Content-Length: the size is only known once the body has been read.
            request.Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
            request.Content.Headers.ContentType = new("application/json");
        }

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await factory.WithDbAsync(db => Task.FromResult(db.Notifications.Count(n => n.To == "big@example.com"))));
    }
}
