using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Conformance.Tests.Conformance;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Sandbox;

/// <summary>The API conformance facts against the sandbox API server, plus the facts only the sandbox can show.</summary>
[Collection(SandboxApiServerCollection.Name)]
public sealed class SandboxConformanceTests(SandboxApiServerFixture sandbox) : ApiConformanceTests(sandbox)
{
    // Sandbox only: kube-apiserver v1.20 drops x-kubernetes-validations (CEL rules arrived in 1.25), so the real tier cannot check this.
    [SkippableFact]
    public async Task Cel_rule_rejects_a_NodeMaintenance_whose_nodeName_differs_from_its_name()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        Assert.True(Backend.EnforcesCelValidationRules);
        var name = UniqueName("cel");
        var mismatched = NodeMaintenance(name);
        mismatched["spec"]!["nodeName"] = "some-other-node";

        var response = await Http.PostApiAsync(NodeMaintenanceCrd.CollectionPath, mismatched, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains("spec.nodeName must equal metadata.name", status["message"]!.GetValue<string>());
    }

    // Sandbox only, same reason: the transition rule keeps spec.nodeName immutable.
    [SkippableFact]
    public async Task Cel_transition_rule_keeps_spec_nodeName_immutable()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("celimmutable");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        var patch = new JsonObject { ["spec"] = new JsonObject { ["nodeName"] = "renamed" } };

        var response = await Http.PatchApiAsync(NodeMaintenancePath(name), patch, RawApi.MergePatch, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains("spec.nodeName is immutable", status["message"]!.GetValue<string>());
    }
}
