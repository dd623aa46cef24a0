using System.Net;
using DrainSafe.Sandbox.Api.Authentication;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Testing;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>
/// The admission policy DrainSafe ships (config/admission, read from the repository) with the real NodeMaintenance CRD:
/// an agent's token may write only its own node's NodeMaintenance; the operator and the admin are not held to a node.
/// </summary>
public sealed class ShippedAdmissionPolicyTests : SandboxServerTest
{
    private const string Maintenances = "/apis/drainsafe.azure.com/v1alpha1/nodemaintenances";

    protected override Task ArrangeAsync()
    {
        CustomResourceDefinitionFile.Install(Server.Store, RepositoryRoot.Combine(CustomResourceDefinitionFile.RelativePath));
        AdmissionPolicyFiles.Install(Server.Store, RepositoryRoot.Combine(AdmissionPolicyFiles.RelativePath));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_agent_creates_and_patches_the_spec_and_approvals_of_its_own_nodes_NodeMaintenance()
    {
        using var agent = AgentOn("node-a");

        var (created, _) = await agent.SendAsync(HttpMethod.Post, Maintenances, Maintenance("node-a"));
        var (spec, _) = await agent.SendAsync(HttpMethod.Patch, Maintenances + "/node-a", """{"spec":{"documentIncarnation":2}}""",
            "application/merge-patch+json");
        var (status, body) = await agent.SendAsync(HttpMethod.Patch, Maintenances + "/node-a/status",
            """{"status":{"approvedEventIds":["E1"]}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, spec);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("E1", (string?)body!["status"]!["approvedEventIds"]![0]);
    }

    [Fact]
    public async Task The_agent_may_not_create_patch_or_delete_another_nodes_NodeMaintenance()
    {
        using var admin = new ApiHttp(Server.BaseAddress, TokenAuthenticator.AdminToken);
        await admin.SendAsync(HttpMethod.Post, Maintenances, Maintenance("node-b"));
        using var agent = AgentOn("node-a");

        var (created, body) = await agent.SendAsync(HttpMethod.Post, Maintenances, Maintenance("node-c"));
        var (spec, _) = await agent.SendAsync(HttpMethod.Patch, Maintenances + "/node-b", """{"spec":{"documentIncarnation":2}}""",
            "application/merge-patch+json");
        var (status, _) = await agent.SendAsync(HttpMethod.Patch, Maintenances + "/node-b/status",
            """{"status":{"approvedEventIds":["E1"]}}""", "application/merge-patch+json");
        var (deleted, _) = await agent.SendAsync(HttpMethod.Delete, Maintenances + "/node-b");

        Assert.Equal(HttpStatusCode.Forbidden, created);
        Assert.Equal("nodemaintenances.drainsafe.azure.com \"node-c\" is forbidden: ValidatingAdmissionPolicy 'drainsafe-agent-own-node' "
            + "with binding 'drainsafe-agent-own-node' denied request: the DrainSafe agent on node node-a may write only the NodeMaintenance "
            + "node-a, not node-c", (string?)body!["message"]);
        Assert.Equal(HttpStatusCode.Forbidden, spec);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.Forbidden, deleted);
        Assert.NotNull(Server.Store.Get(Server.Store.Resources.Find("drainsafe.azure.com", "v1alpha1", "nodemaintenances")!, null, "node-b"));
    }

    [Fact]
    public async Task An_agent_token_without_a_node_name_claim_is_denied_with_the_policys_explanation()
    {
        using var agent = new ApiHttp(Server.BaseAddress, Server.Authentication.Issue(
            new ServiceAccountToken(DrainSafeServiceAccounts.Namespace, DrainSafeServiceAccounts.Agent)));

        var (status, body) = await agent.SendAsync(HttpMethod.Post, Maintenances, Maintenance("node-a"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("the DrainSafe agent's token has no node-name claim", (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_writes_any_nodes_NodeMaintenance()
    {
        using var agent = AgentOn("node-b");
        await agent.SendAsync(HttpMethod.Post, Maintenances, Maintenance("node-b"));
        using var operatorHttp = new ApiHttp(Server.BaseAddress, DrainSafeServiceAccounts.IssueOperatorToken(Server.Authentication, "node-a"));

        var (status, _) = await operatorHttp.SendAsync(HttpMethod.Patch, Maintenances + "/node-b/status",
            """{"status":{"state":"NodeCordoned"}}""", "application/merge-patch+json");
        var (finalizer, _) = await operatorHttp.SendAsync(HttpMethod.Patch, Maintenances + "/node-b",
            """{"metadata":{"finalizers":["drainsafe.azure.com/test"]}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, finalizer);
    }

    [Fact]
    public async Task The_same_account_in_another_namespace_is_not_held_by_the_policy()
    {
        using var other = new ApiHttp(Server.BaseAddress, Server.Authentication.Issue(
            new ServiceAccountToken("elsewhere", DrainSafeServiceAccounts.Agent, "node-a")));

        var (status, _) = await other.SendAsync(HttpMethod.Post, Maintenances, Maintenance("node-c"));

        Assert.Equal(HttpStatusCode.Created, status);
    }

    private ApiHttp AgentOn(string node) =>
        new(Server.BaseAddress, DrainSafeServiceAccounts.IssueAgentToken(Server.Authentication, node));

    private static string Maintenance(string node) => $$$"""
        {"apiVersion":"drainsafe.azure.com/v1alpha1","kind":"NodeMaintenance","metadata":{"name":"{{{node}}}"},
         "spec":{"nodeName":"{{{node}}}","vmName":"vm-{{{node}}}","events":[]}}
        """;
}
