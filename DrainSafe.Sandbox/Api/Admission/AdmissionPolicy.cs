using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>
/// A ValidatingAdmissionPolicy compiled once: its matchConstraints, matchConditions, variables and validations
/// (CEL over <c>object</c>, <c>oldObject</c>, <c>request</c> and <c>variables</c>; <c>params</c> is always null).
/// </summary>
internal sealed class AdmissionPolicy
{
    /// <summary>The variables an admission policy's expressions may read.</summary>
    public static readonly string[] Environment = ["object", "oldObject", "request", "params", "namespaceObject", "variables", "authorizer"];

    private AdmissionPolicy(string name, bool failOpen, IReadOnlyList<ResourceRule> matchRules, IReadOnlyList<ResourceRule> excludeRules,
        IReadOnlyList<NamedExpression> matchConditions, IReadOnlyList<NamedExpression> variables, IReadOnlyList<PolicyValidation> validations)
    {
        Name = name;
        FailOpen = failOpen;
        MatchRules = matchRules;
        ExcludeRules = excludeRules;
        MatchConditions = matchConditions;
        Variables = variables;
        Validations = validations;
    }

    public string Name { get; }

    /// <summary>failurePolicy Ignore: an expression that cannot be evaluated lets the request through.</summary>
    public bool FailOpen { get; }

    public IReadOnlyList<ResourceRule> MatchRules { get; }

    public IReadOnlyList<ResourceRule> ExcludeRules { get; }

    public IReadOnlyList<NamedExpression> MatchConditions { get; }

    public IReadOnlyList<NamedExpression> Variables { get; }

    public IReadOnlyList<PolicyValidation> Validations { get; }

    /// <summary>Compiles a policy object; the causes list every expression that does not compile (then no policy).</summary>
    public static (AdmissionPolicy? Policy, IReadOnlyList<StatusCause> Causes) Compile(JsonObject policy)
    {
        var spec = policy["spec"] as JsonObject ?? [];
        var causes = new List<StatusCause>();
        var matchConditions = Named(spec["matchConditions"], "spec.matchConditions", causes);
        var variables = Named(spec["variables"], "spec.variables", causes);
        var validations = new List<PolicyValidation>();
        foreach (var (validation, index) in (spec["validations"] as JsonArray ?? []).OfType<JsonObject>().Select((v, i) => (v, i)))
        {
            var field = $"spec.validations[{index}]";
            var expression = (string?)validation["expression"] ?? string.Empty;
            var program = Program(expression, field + ".expression", causes);
            var messageExpression = (string?)validation["messageExpression"];
            var messageProgram = messageExpression is null ? null : Program(messageExpression, field + ".messageExpression", causes);
            if (program is not null)
            {
                validations.Add(new PolicyValidation(expression, program, (string?)validation["message"], messageProgram,
                    (string?)validation["reason"]));
            }
        }

        if (causes.Count > 0)
        {
            return (null, causes);
        }

        var constraints = spec["matchConstraints"] as JsonObject;
        return (new AdmissionPolicy(
            (string?)policy["metadata"]?["name"] ?? string.Empty,
            (string?)spec["failurePolicy"] == "Ignore",
            ResourceRule.ListFrom(constraints?["resourceRules"]),
            ResourceRule.ListFrom(constraints?["excludeResourceRules"]),
            matchConditions,
            variables,
            validations), causes);
    }

    /// <summary>True when matchConstraints select the request.</summary>
    public bool Constrains(AdmissionRequest request) =>
        MatchRules.Any(r => r.Matches(request)) && !ExcludeRules.Any(r => r.Matches(request));

    private static List<NamedExpression> Named(JsonNode? list, string field, List<StatusCause> causes)
    {
        var result = new List<NamedExpression>();
        foreach (var (entry, index) in (list as JsonArray ?? []).OfType<JsonObject>().Select((v, i) => (v, i)))
        {
            var expression = (string?)entry["expression"] ?? string.Empty;
            if (Program(expression, $"{field}[{index}].expression", causes) is { } program)
            {
                result.Add(new NamedExpression((string?)entry["name"] ?? string.Empty, expression, program));
            }
        }

        return result;
    }

    private static IRuleProgram? Program(string expression, string field, List<StatusCause> causes)
    {
        var compiled = CelNetRuleEngine.Instance.Compile(expression, Environment);
        if (compiled.Program is null)
        {
            causes.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: {JsonValue.Create(expression).ToJsonString()}: compilation failed: {compiled.Error}", field));
        }

        return compiled.Program;
    }
}
