using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>
/// The ValidatingAdmissionPolicy decision, a pure function of the policies, their bindings and one request: every
/// policy whose matchConstraints and matchConditions select the request runs its validations once per binding; the
/// first failed validation of a binding with the Deny action refuses the request, worded as the real server words it.
/// </summary>
internal static class ValidatingAdmission
{
    /// <summary>Null when the request is admitted, otherwise the Status the API server answers.</summary>
    public static ApiStatus? Decide(IReadOnlyList<AdmissionPolicy> policies, IReadOnlyList<PolicyBinding> bindings, AdmissionRequest request)
    {
        Dictionary<string, object?>? activation = null;
        foreach (var policy in policies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (!policy.Constrains(request))
            {
                continue;
            }

            foreach (var binding in bindings.Where(b => b.PolicyName == policy.Name).OrderBy(b => b.Name, StringComparer.Ordinal))
            {
                if (!binding.Selects(request))
                {
                    continue;
                }

                activation ??= Activation(request);
                if (FirstFailure(policy, activation) is { } failure && binding.Denies)
                {
                    return Denial(request, policy, binding, failure);
                }
            }
        }

        return null;
    }

    /// <summary>The CEL value of <c>request</c>, shaped like the AdmissionRequest Kubernetes exposes to policies.</summary>
    public static Dictionary<string, object?> RequestValue(AdmissionRequest request)
    {
        var resource = request.Resource;
        var kind = new Dictionary<string, object?> { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
        var gvr = new Dictionary<string, object?> { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Plural };
        var user = new Dictionary<string, object?>
        {
            ["username"] = request.User.Username,
            ["groups"] = request.User.Groups.Cast<object?>().ToList(),
        };
        if (request.User.Uid.Length > 0)
        {
            user["uid"] = request.User.Uid;
        }

        if (request.User.Extra.Count > 0)
        {
            // Omitted when empty, as in the JSON of a real AdmissionRequest: has(request.userInfo.extra) is then false.
            user["extra"] = request.User.Extra.ToDictionary(e => e.Key, e => (object?)e.Value.Cast<object?>().ToList(), StringComparer.Ordinal);
        }

        var value = new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["resource"] = gvr,
            ["requestKind"] = kind,
            ["requestResource"] = gvr,
            ["name"] = request.Name,
            ["operation"] = request.Operation,
            ["userInfo"] = user,
            ["dryRun"] = request.DryRun,
        };
        if (request.Subresource is { } subresource)
        {
            value["subResource"] = subresource;
            value["requestSubResource"] = subresource;
        }

        if (request.Namespace is { } ns)
        {
            value["namespace"] = ns;
        }

        return value;
    }

    private static Dictionary<string, object?> Activation(AdmissionRequest request) => new(StringComparer.Ordinal)
    {
        ["object"] = CelValueConverter.ToCel(request.Object, null, false),
        ["oldObject"] = CelValueConverter.ToCel(request.OldObject, null, false),
        ["request"] = RequestValue(request),
        ["params"] = null,
        ["namespaceObject"] = null,
        ["authorizer"] = null,
    };

    /// <summary>The first failed validation (message, reason) of a policy that applies; null when it passes or does not apply.</summary>
    private static (string Message, string Reason)? FirstFailure(AdmissionPolicy policy, Dictionary<string, object?> request)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var activation = new Dictionary<string, object?>(request, StringComparer.Ordinal) { ["variables"] = variables };
        foreach (var condition in policy.MatchConditions)
        {
            var result = condition.Program.Evaluate(activation);
            if (result.Error is null && result.Value is bool matched)
            {
                if (!matched)
                {
                    return null;
                }

                continue;
            }

            return policy.FailOpen
                ? null
                : ($"failed to evaluate matchCondition '{condition.Name}': {result.Error ?? "the expression did not return a bool"}", "Invalid");
        }

        foreach (var variable in policy.Variables)
        {
            // A variable that fails stays unset: an expression that reads it then fails (no such key) and failurePolicy decides.
            var result = variable.Program.Evaluate(activation);
            if (result.Error is null)
            {
                variables[variable.Name] = result.Value;
            }
        }

        foreach (var validation in policy.Validations)
        {
            var result = validation.Program.Evaluate(activation);
            if (result.Error is not null || result.Value is not bool passed)
            {
                if (policy.FailOpen)
                {
                    continue;
                }

                return ($"expression '{validation.Expression}' resulted in error: {result.Error ?? "the expression did not return a bool"}", "Invalid");
            }

            if (!passed)
            {
                return (MessageOf(validation, activation), string.IsNullOrEmpty(validation.Reason) ? "Invalid" : validation.Reason);
            }
        }

        return null;
    }

    /// <summary>messageExpression when it yields a non-blank string, else message, else "failed expression: ...".</summary>
    private static string MessageOf(PolicyValidation validation, Dictionary<string, object?> activation)
    {
        if (validation.MessageProgram?.Evaluate(activation) is { Error: null, Value: string text } && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        return string.IsNullOrEmpty(validation.Message) ? $"failed expression: {validation.Expression}" : validation.Message;
    }

    private static ApiStatus Denial(AdmissionRequest request, AdmissionPolicy policy, PolicyBinding binding, (string Message, string Reason) failure)
    {
        var why = $"ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Name}' denied request: {failure.Message}";
        var code = failure.Reason switch
        {
            "Forbidden" => 403,
            "Unauthorized" => 401,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        return new ApiStatus(code, failure.Reason, $"{request.Resource.GroupResource} \"{request.Name}\" is forbidden: {why}")
        {
            DetailsName = request.Name,
            DetailsGroup = request.Resource.Group,
            DetailsKind = request.Resource.Plural,
            Causes = [new StatusCause(string.Empty, why)],
        };
    }
}
