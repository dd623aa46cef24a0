using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>
/// A ValidatingAdmissionPolicyBinding: which policy it binds, what happens on a failed validation
/// (<c>Deny</c> is enforced; <c>Warn</c> and <c>Audit</c> alone let the request through) and, optionally, which
/// resources it narrows the policy to.
/// </summary>
internal sealed record PolicyBinding(
    string Name,
    string PolicyName,
    bool Denies,
    IReadOnlyList<ResourceRule> ResourceRules,
    IReadOnlyList<ResourceRule> ExcludeResourceRules)
{
    public static PolicyBinding From(JsonObject binding)
    {
        var spec = binding["spec"] as JsonObject ?? [];
        var match = spec["matchResources"] as JsonObject;
        return new PolicyBinding(
            (string?)binding["metadata"]?["name"] ?? string.Empty,
            (string?)spec["policyName"] ?? string.Empty,
            (spec["validationActions"] as JsonArray)?.Any(a => (string?)a == "Deny") ?? false,
            ResourceRule.ListFrom(match?["resourceRules"]),
            ResourceRule.ListFrom(match?["excludeResourceRules"]));
    }

    /// <summary>True when the binding's own matchResources select the request (no resourceRules: every request).</summary>
    public bool Selects(AdmissionRequest request) =>
        (ResourceRules.Count == 0 || ResourceRules.Any(r => r.Matches(request)))
        && !ExcludeResourceRules.Any(r => r.Matches(request));
}
