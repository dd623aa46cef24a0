using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>
/// A <c>NamedRuleWithOperations</c> of matchConstraints or matchResources: which operations on which group, version,
/// resource (<c>plural</c>, <c>plural/sub</c>, <c>*</c>, <c>*/*</c>, <c>*/status</c>), scope and names it selects.
/// </summary>
internal sealed record ResourceRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    string Scope)
{
    public static IReadOnlyList<ResourceRule> ListFrom(JsonNode? rules) =>
        (rules as JsonArray)?.OfType<JsonObject>().Select(From).ToList() ?? [];

    public static ResourceRule From(JsonObject rule) => new(
        Strings(rule["operations"]),
        Strings(rule["apiGroups"]),
        Strings(rule["apiVersions"]),
        Strings(rule["resources"]),
        Strings(rule["resourceNames"]),
        (string?)rule["scope"] ?? "*");

    public bool Matches(AdmissionRequest request) =>
        Lists(Operations, request.Operation)
        && Lists(ApiGroups, request.Resource.Group)
        && Lists(ApiVersions, request.Resource.Version)
        && Resources.Any(r => MatchesResource(r, request.Resource.Plural, request.Subresource ?? string.Empty))
        && (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name))
        && Scope switch
        {
            "Cluster" => !request.Resource.Namespaced,
            "Namespaced" => request.Resource.Namespaced,
            _ => true,
        };

    /// <summary>As the API server splits a rule's resource: "pods" is (pods, ""), "*/*" any resource and any subresource.</summary>
    private static bool MatchesResource(string rule, string plural, string subresource)
    {
        var slash = rule.IndexOf('/', StringComparison.Ordinal);
        var (resource, sub) = slash < 0 ? (rule, string.Empty) : (rule[..slash], rule[(slash + 1)..]);
        return (resource == "*" || resource == plural) && (sub == "*" || sub == subresource);
    }

    private static bool Lists(IReadOnlyList<string> values, string value) => values.Contains("*") || values.Contains(value);

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => (string?)n).OfType<string>().ToList() ?? [];
}
