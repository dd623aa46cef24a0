using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Authentication;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>
/// ValidatingAdmissionPolicies created through the API are enforced on the writes of authenticated requests:
/// matchConstraints, matchConditions, variables, validations with message, messageExpression and reason, bindings.
/// </summary>
public sealed class AdmissionPolicyTests : SandboxServerTest, IDisposable
{
    private const string Policies = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";
    private const string Bindings = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private const string NoBadColourPolicy = """
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"no-red"},
         "spec":{"failurePolicy":"Fail",
          "matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE","UPDATE"],"resources":["configmaps"]}]},
          "matchConditions":[{"name":"not-the-admin","expression":"request.userInfo.username != 'sandbox-admin'"}],
          "variables":[{"name":"colour","expression":"has(object.data) && 'colour' in object.data ? object.data.colour : ''"}],
          "validations":[{"expression":"variables.colour != 'red'","reason":"Forbidden",
                          "messageExpression":"'colour ' + variables.colour + ' is not allowed for ' + request.userInfo.username"},
                         {"expression":"variables.colour != 'blue'"}]}}
        """;

    private const string NoBadColourBinding = """
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"no-red-binding"},
         "spec":{"policyName":"no-red","validationActions":["Deny"]}}
        """;

    private ApiHttp _user = null!;

    protected override async Task ArrangeAsync()
    {
        await PostAsync(Policies, NoBadColourPolicy);
        await PostAsync(Bindings, NoBadColourBinding);
        _user = new ApiHttp(Server.BaseAddress, Server.Authentication.Issue(new ServiceAccountToken("default", "painter")));
    }

    [Fact]
    public async Task A_failed_validation_with_a_reason_is_answered_with_its_code_and_the_real_servers_message()
    {
        var (status, body) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "red"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Forbidden", (string?)body!["reason"]);
        Assert.Equal(403, (int?)body["code"]);
        Assert.Equal("configmaps \"c1\" is forbidden: ValidatingAdmissionPolicy 'no-red' with binding 'no-red-binding' denied request: "
            + "colour red is not allowed for system:serviceaccount:default:painter", (string?)body["message"]);
        Assert.Equal("c1", (string?)body["details"]!["name"]);
        Assert.Equal("configmaps", (string?)body["details"]!["kind"]);
        Assert.Null(Server.Store.Get(DrainSafe.Sandbox.Api.Resources.BuiltInResources.ConfigMaps, "default", "c1"));
    }

    [Fact]
    public async Task A_failed_validation_without_a_message_is_422_Invalid_naming_the_expression()
    {
        var (status, body) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "blue"));

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        Assert.EndsWith("denied request: failed expression: variables.colour != 'blue'", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_passes_every_validation_is_stored()
    {
        var (status, _) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "green"));

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task A_patch_is_admitted_as_an_update_of_the_patched_object()
    {
        await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "green"));

        var (status, body) = await _user.SendAsync(HttpMethod.Patch, ConfigMaps + "/c1", """{"data":{"colour":"red"}}""",
            "application/merge-patch+json");
        var (fine, _) = await _user.SendAsync(HttpMethod.Patch, ConfigMaps + "/c1", """{"data":{"colour":"yellow"}}""",
            "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("colour red is not allowed", (string?)body!["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fine);
    }

    [Fact]
    public async Task A_false_match_condition_leaves_the_request_to_other_rules()
    {
        using var admin = new ApiHttp(Server.BaseAddress, TokenAuthenticator.AdminToken);

        var (status, _) = await admin.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "red"));

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task An_operation_the_match_constraints_do_not_list_is_not_checked()
    {
        using var admin = new ApiHttp(Server.BaseAddress, TokenAuthenticator.AdminToken);
        await admin.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "red"));

        var (status, _) = await _user.SendAsync(HttpMethod.Delete, ConfigMaps + "/c1");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_policy_without_a_binding_or_with_an_audit_only_binding_denies_nothing()
    {
        await Http.SendAsync(HttpMethod.Delete, Bindings + "/no-red-binding");
        var (unbound, _) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "red"));
        await PostAsync(Bindings, NoBadColourBinding.Replace("\"Deny\"", "\"Audit\"", StringComparison.Ordinal));
        var (audited, _) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c2", "red"));

        Assert.Equal(HttpStatusCode.Created, unbound);
        Assert.Equal(HttpStatusCode.Created, audited);
    }

    [Fact]
    public async Task A_delete_is_checked_against_the_old_object()
    {
        await PostAsync(Policies, """
            {"metadata":{"name":"keep"},"spec":{
              "matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["*"],"operations":["DELETE"],"resources":["configmaps"]}]},
              "validations":[{"expression":"object == null && oldObject.metadata.name != 'precious'","message":"precious stays"}]}}
            """);
        await PostAsync(Bindings, """{"metadata":{"name":"keep"},"spec":{"policyName":"keep","validationActions":["Deny"]}}""");
        await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("precious", "green"));
        await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("spare", "green"));

        var (kept, body) = await _user.SendAsync(HttpMethod.Delete, ConfigMaps + "/precious");
        var (deleted, _) = await _user.SendAsync(HttpMethod.Delete, ConfigMaps + "/spare");

        Assert.Equal((HttpStatusCode)422, kept);
        Assert.EndsWith("denied request: precious stays", (string?)body!["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deleted);
    }

    [Fact]
    public async Task A_policy_whose_expression_does_not_compile_is_refused()
    {
        var (status, body) = await Http.SendAsync(HttpMethod.Post, Policies, """
            {"metadata":{"name":"typo"},"spec":{"validations":[{"expression":"objct.metadata.name == 'x'"}]}}
            """);

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains("spec.validations[0].expression", (string?)body!["message"], StringComparison.Ordinal);
        Assert.Contains("undeclared reference to 'objct'", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expression_that_fails_to_evaluate_denies_under_failure_policy_Fail_and_admits_under_Ignore()
    {
        await PostAsync(Policies, """
            {"metadata":{"name":"needs-size"},"spec":{"failurePolicy":"Fail",
              "matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["*"],"operations":["CREATE"],"resources":["configmaps"]}]},
              "validations":[{"expression":"object.data.size == 'big'"}]}}
            """);
        await PostAsync(Bindings, """{"metadata":{"name":"needs-size"},"spec":{"policyName":"needs-size","validationActions":["Deny"]}}""");

        var (failed, body) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c1", "green"));
        await Http.SendAsync(HttpMethod.Patch, Policies + "/needs-size", """{"spec":{"failurePolicy":"Ignore"}}""", "application/merge-patch+json");
        var (ignored, _) = await _user.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("c2", "green"));

        Assert.Equal((HttpStatusCode)422, failed);
        Assert.Contains("expression 'object.data.size == 'big'' resulted in error: no such key: size", (string?)body!["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, ignored);
    }

    public void Dispose() => _user.Dispose();

    private static string ConfigMap(string name, string colour) =>
        new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["colour"] = colour } }.ToJsonString();

    private async Task PostAsync(string path, string body)
    {
        var (status, answer) = await Http.SendAsync(HttpMethod.Post, path, body);
        Assert.True(status == HttpStatusCode.Created, $"POST {path}: {(int)status} {answer?.ToJsonString()}");
    }
}
