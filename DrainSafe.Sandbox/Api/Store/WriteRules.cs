using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrainSafe.Sandbox.Api.CustomResources;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>What the API server's per-resource strategies do to an object on create and update.</summary>
internal static partial class WriteRules
{
    /// <summary>Built-ins whose Go type holds spec as a struct value, so the real server always answers at least <c>"spec":{}</c>.</summary>
    private static readonly HashSet<string> StructSpecResources = new(StringComparer.Ordinal)
    {
        "nodes", "pods", "namespaces", "daemonsets.apps", "replicasets.apps", "deployments.apps", "statefulsets.apps",
        "poddisruptionbudgets.policy", "leases.coordination.k8s.io",
        "validatingadmissionpolicies.admissionregistration.k8s.io", "validatingadmissionpolicybindings.admissionregistration.k8s.io",
    };

    /// <summary>Gives a built-in whose spec is a struct an empty spec when the body has none (as decoding into the Go type does).</summary>
    public static void DefaultEmptySpec(ResourceType resource, JsonObject obj)
    {
        if (!resource.IsCustom && obj["spec"] is null && StructSpecResources.Contains(resource.GroupResource))
        {
            obj["spec"] = new JsonObject();
        }
    }

    /// <summary>Resets or defaults status the way each resource's create strategy does.</summary>
    public static void ResetStatusOnCreate(ResourceType resource, JsonObject obj)
    {
        if (resource.Group.Length == 0 && resource.Plural == "pods")
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }
        else if (resource.Group.Length == 0 && resource.Plural == "namespaces")
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            if (obj["spec"] is not JsonObject spec)
            {
                obj["spec"] = spec = [];
            }

            spec["finalizers"] ??= new JsonArray("kubernetes");
        }
        else if (resource.IsCustom && resource.HasStatusSubresource)
        {
            obj.Remove("status");
        }
        else if (resource.HasStatusSubresource && resource.Group is "apps" or "policy")
        {
            obj["status"] = new JsonObject();
        }
    }

    /// <summary>Prunes, defaults and validates a custom resource; strict field validation rejects unknown fields.</summary>
    public static void ValidateCustom(ResourceType resource, JsonObject obj, JsonObject? old, WriteOptions options, string name)
    {
        var validator = resource.Validator ?? PermissiveValidator.Instance;
        var unknown = validator.Prune(obj);
        if (unknown.Count > 0 && options.StrictFieldValidation)
        {
            var fields = string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
            throw ApiErrors.BadRequest(
                $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: strict decoding error: {fields}");
        }

        validator.ApplyDefaults(obj);
        var causes = validator.Validate(obj, old);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(resource, name, causes);
        }
    }

    /// <summary>Checks a name the way the API server checks a DNS subdomain name.</summary>
    public static void ValidateName(ResourceType resource, string name)
    {
        if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            throw ApiErrors.Invalid(resource, name, "FieldValueInvalid", "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
    }

    /// <summary>Sets kind and apiVersion; a body naming another kind is a 400.</summary>
    public static void CheckKind(ResourceType resource, JsonObject obj)
    {
        var kind = (string?)(obj["kind"] as JsonValue);
        if (!string.IsNullOrEmpty(kind) && kind != resource.Kind)
        {
            throw ApiErrors.BadRequest($"the body of the request was of kind \"{kind}\", which does not match the expected kind \"{resource.Kind}\"");
        }

        obj["kind"] = resource.Kind;
        obj["apiVersion"] = resource.ApiVersion;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
