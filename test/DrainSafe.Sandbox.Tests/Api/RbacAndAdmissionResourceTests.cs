using System.Net;
using DrainSafe.Sandbox.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>RBAC and ValidatingAdmissionPolicy objects are stored and served (RBAC is not enforced), so manifests that carry them apply.</summary>
public sealed class RbacAndAdmissionResourceTests : SandboxServerTest
{
    [Fact]
    public async Task Cluster_roles_and_bindings_are_created_read_and_deleted()
    {
        await Client.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "reader" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["nodes"], Verbs = ["get", "list"] }],
        });
        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "reader" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "reader" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "agent", NamespaceProperty = "default" }],
        });

        var role = await Client.RbacAuthorizationV1.ReadClusterRoleAsync("reader");
        var binding = await Client.RbacAuthorizationV1.ReadClusterRoleBindingAsync("reader");
        await Client.RbacAuthorizationV1.DeleteClusterRoleAsync("reader");

        Assert.Equal(["get", "list"], Assert.Single(role.Rules).Verbs);
        Assert.Equal("agent", Assert.Single(binding.Subjects).Name);
        Assert.Empty((await Client.RbacAuthorizationV1.ListClusterRoleAsync()).Items);
    }

    [Fact]
    public async Task Roles_and_role_bindings_live_in_a_namespace()
    {
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "leases" },
            Rules = [new V1PolicyRule { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = ["*"] }],
        }, "default");
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "leases" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "leases" },
        }, "default");

        Assert.Single((await Client.RbacAuthorizationV1.ListNamespacedRoleAsync("default")).Items);
        Assert.Single((await Client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync()).Items);
        Assert.Empty((await Client.RbacAuthorizationV1.ListNamespacedRoleAsync("kube-system")).Items);
    }

    [Fact]
    public async Task Validating_admission_policies_and_bindings_are_stored_with_their_spec()
    {
        var (policy, body) = await Http.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", """
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"own-node-only"},
             "spec":{"failurePolicy":"Fail","validations":[{"expression":"object.metadata.name == request.userInfo.extra['node']"}]}}
            """);
        var (binding, _) = await Http.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings", """
            {"metadata":{"name":"own-node-only"},"spec":{"policyName":"own-node-only","validationActions":["Deny"]}}
            """);

        var (read, stored, _) = await Http.GetAsync("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/own-node-only");
        Assert.Equal(HttpStatusCode.Created, policy);
        Assert.Equal("ValidatingAdmissionPolicy", (string?)body!["kind"]);
        Assert.Equal(HttpStatusCode.Created, binding);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("Fail", (string?)stored!["spec"]!["failurePolicy"]);
    }

    [Fact]
    public async Task Discovery_and_openapi_list_the_rbac_and_admission_group_versions()
    {
        var (_, rbac, _) = await Http.GetAsync("/apis/rbac.authorization.k8s.io/v1");
        var (_, admission, _) = await Http.GetAsync("/apis/admissionregistration.k8s.io/v1");
        var (_, openApi, _) = await Http.GetAsync("/openapi/v3");

        Assert.Equal(["clusterrolebindings", "clusterroles", "rolebindings", "roles"],
            rbac!["resources"]!.AsArray().Select(r => (string?)r!["name"]).Order(StringComparer.Ordinal));
        Assert.Contains("validatingadmissionpolicies/status", admission!["resources"]!.AsArray().Select(r => (string?)r!["name"]));
        Assert.NotNull(openApi!["paths"]!["apis/rbac.authorization.k8s.io/v1"]);
        Assert.NotNull(openApi["paths"]!["apis/admissionregistration.k8s.io/v1"]);
    }
}
