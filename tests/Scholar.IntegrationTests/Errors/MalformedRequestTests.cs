using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Errors;

/// <summary>Regressions found by the endpoint fuzzer (Fuzz/EndpointFuzzTests): malformed requests are 4xx problems, never 500s.</summary>
public sealed class MalformedRequestTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    [Fact]
    public async Task Body_in_a_charset_nobody_knows_is_a_415_problem()
    {
        using var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=bogus");

        var response = await factory.CreateClient().PostAsync("/api/auth/signup", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "charset");
    }

    [Fact]
    public async Task Form_value_with_a_NUL_is_a_400_problem()
    {
        using var content = new StringContent("token=%00", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await factory.CreateClient().PostAsync("/connect/authorize", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "form data");
    }

    [Fact]
    public async Task A_garbled_form_content_type_is_not_read_for_a_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Content = new StringContent("a=1") };
        request.Content.Headers.ContentType = null;
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded, multipart/form-data; boundary=\"\"");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Access_token_in_the_query_string_is_not_accepted()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter;

        var response = await factory.CreateClient().GetAsync($"/api/auth/me?access_token={token}");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "bearer token");
    }

    [Fact]
    public async Task Status_only_errors_say_what_went_wrong()
    {
        var wrongMethod = await factory.CreateClient().DeleteAsync("/api/credits/balance");
        var anonymous = await factory.CreateClient().GetAsync("/api/credits/balance");

        await AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "DELETE");
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "bearer token");
    }

    [Fact]
    public async Task Validation_problem_sums_up_the_failing_fields_in_its_detail()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/signup", new { });

        var detail = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "One or more fields are invalid");
        Assert.Contains("email", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_openapi_document_is_a_404_problem()
    {
        var known = await factory.CreateClient().GetAsync("/openapi/v1.json");
        var unknown = await factory.CreateClient().GetAsync("/openapi/nope.json");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "Nothing exists");
    }

    [Fact]
    public async Task Refusal_keeps_its_status_for_a_client_that_does_not_accept_json()
    {
        var (_, email) = await factory.CreateUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signup")
        {
            Content = JsonContent.Create(new { email, password = "Another-password-123!" }),
        };
        request.Headers.Accept.ParseAdd("text/html");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = body.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(detailPart, detail, StringComparison.Ordinal);
        return detail;
    }
}
