using System.Net;
using System.Net.Http.Headers;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task An_unknown_bearer_token_is_answered_401_Unauthorized_with_a_Status()
    {
        Backend.RequireAvailable();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "no-such-token");
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await Http.SendAsync(request, Ct);
        var answer = new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Content.Headers.ContentType?.MediaType);

        StatusAssert.Failure(answer, HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
        Assert.Equal(["kind", "apiVersion", "metadata", "status", "message", "reason", "code"], answer.Body.Select(p => p.Key));
    }
}
