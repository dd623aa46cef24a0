using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Authentication;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>Bearer tokens: the admin token, issued service account tokens, and refused credentials.</summary>
public sealed class AuthenticationTests : SandboxServerTest
{
    [Fact]
    public async Task The_admin_token_of_the_kubeconfig_is_accepted()
    {
        var (status, body) = await SendAsync("/api/v1/nodes", "Bearer " + TokenAuthenticator.AdminToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("NodeList", (string?)body!["kind"]);
    }

    [Fact]
    public async Task An_unknown_bearer_token_is_answered_401_Unauthorized_like_a_real_server()
    {
        var (status, body) = await SendAsync("/api/v1/nodes", "Bearer not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""",
            body!.ToJsonString());
    }

    [Fact]
    public async Task Credentials_that_are_not_a_bearer_token_are_refused()
    {
        var (status, _) = await SendAsync("/version", "Basic " + Convert.ToBase64String("admin:admin"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task An_issued_service_account_token_is_accepted_until_it_is_revoked()
    {
        var token = Server.Authentication.Issue(new ServiceAccountToken("drainsafe-system", "drainsafe-agent", "node-1", "agent-abc"));

        var (before, _) = await SendAsync("/api/v1/nodes", "Bearer " + token);
        Server.Authentication.Revoke(token);
        var (after, _) = await SendAsync("/api/v1/nodes", "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }

    [Fact]
    public void A_service_account_token_authenticates_as_the_account_with_its_pod_and_node_claims()
    {
        var token = Server.Authentication.Issue(new ServiceAccountToken("drainsafe-system", "drainsafe-agent", "node-1", "agent-abc"));

        var user = Server.Authentication.Authenticate("Bearer " + token)!;

        Assert.Equal("system:serviceaccount:drainsafe-system:drainsafe-agent", user.Username);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:drainsafe-system", "system:authenticated"], user.Groups);
        Assert.Equal(["node-1"], user.Extra[UserInfo.NodeNameExtra]);
        Assert.Equal(["agent-abc"], user.Extra[UserInfo.PodNameExtra]);
        Assert.StartsWith("JTI=", Assert.Single(user.Extra[UserInfo.CredentialIdExtra]), StringComparison.Ordinal);
        Assert.NotEmpty(user.Uid);
    }

    [Fact]
    public void A_request_without_credentials_is_anonymous()
    {
        Assert.Equal("system:anonymous", Server.Authentication.Authenticate(null)!.Username);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string path, string authorization)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
