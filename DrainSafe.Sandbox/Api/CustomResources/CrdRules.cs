using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.CustomResources;

/// <summary>What the API server checks and fills in on a CustomResourceDefinition, and the resources it serves.</summary>
internal static partial class CrdRules
{
    /// <summary>Defaults names, validates, and sets status (NamesAccepted, Established, acceptedNames, storedVersions).</summary>
    public static void Prepare(JsonObject crd, string now, JsonObject? oldStatus)
    {
        var spec = crd["spec"] as JsonObject ?? [];
        var names = spec["names"] as JsonObject;
        if (names is not null)
        {
            var kind = (string?)names["kind"] ?? string.Empty;
            names["singular"] ??= kind.ToLowerInvariant();
            names["listKind"] ??= kind + "List";
        }

        var causes = Validate(crd);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(BuiltInResources.CustomResourceDefinitions,
                (string?)crd["metadata"]?["name"] ?? string.Empty, causes);
        }

        var storedVersions = (oldStatus?["storedVersions"] as JsonArray)?.Select(v => (string?)v).OfType<string>().ToList() ?? [];
        foreach (var version in Versions(spec).Where(v => (bool?)v["storage"] == true))
        {
            var name = (string)version["name"]!;
            if (!storedVersions.Contains(name))
            {
                storedVersions.Add(name);
            }
        }

        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now, oldStatus),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now, oldStatus)),
            ["acceptedNames"] = names?.DeepClone(),
            ["storedVersions"] = new JsonArray(storedVersions.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        };
    }

    /// <summary>The resources a (valid) CRD serves: one per served version.</summary>
    public static List<ResourceType> ServedResources(JsonObject crd)
    {
        var spec = (JsonObject)crd["spec"]!;
        var names = (JsonObject)spec["names"]!;
        var result = new List<ResourceType>();
        foreach (var version in Versions(spec).Where(v => (bool?)v["served"] != false))
        {
            var schema = version["schema"]?["openAPIV3Schema"];
            result.Add(new ResourceType
            {
                Group = (string)spec["group"]!,
                Version = (string)version["name"]!,
                Kind = (string)names["kind"]!,
                Plural = (string)names["plural"]!,
                Singular = (string?)names["singular"] ?? ((string)names["kind"]!).ToLowerInvariant(),
                Namespaced = (string?)spec["scope"] == "Namespaced",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatusSubresource = version["subresources"]?["status"] is not null,
                IsCustom = true,
                Schema = schema?.DeepClone(),
                PrinterColumns = PrinterColumns(version),
                Validator = SchemaValidators.Compile(schema),
            });
        }

        return result;
    }

    private static List<StatusCause> Validate(JsonObject crd)
    {
        var causes = new List<StatusCause>();
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec"));
            return causes;
        }

        var group = (string?)spec["group"] ?? string.Empty;
        var names = spec["names"] as JsonObject;
        var plural = (string?)names?["plural"] ?? string.Empty;
        var kind = (string?)names?["kind"] ?? string.Empty;
        if (group.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.group"));
        }
        else if (!group.Contains('.'))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{group}\": should be a domain with at least one dot", "spec.group"));
        }

        if (plural.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.names.plural"));
        }
        else if (!DnsLabel().IsMatch(plural))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{plural}\": a lowercase RFC 1123 label is required", "spec.names.plural"));
        }

        if (kind.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.names.kind"));
        }

        var scope = (string?)spec["scope"];
        if (scope is not ("Namespaced" or "Cluster"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }

        var name = (string?)crd["metadata"]?["name"] ?? string.Empty;
        if (plural.Length > 0 && group.Length > 0 && name != $"{plural}.{group}")
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
        }

        var versions = Versions(spec).ToList();
        if (versions.Count == 0)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: \"null\": must have exactly one version marked as storage version", "spec.versions"));
        }
        else if (versions.Count(v => (bool?)v["storage"] == true) != 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version", "spec.versions"));
        }

        causes.AddRange(SchemaValidators.ValidateDefinition(crd));
        return causes;
    }

    private static JsonObject Condition(string type, string reason, string message, string now, JsonObject? oldStatus)
    {
        var previous = (oldStatus?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == type && (string?)c["status"] == "True");
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastTransitionTime"] = (string?)previous?["lastTransitionTime"] ?? now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static IEnumerable<JsonObject> Versions(JsonObject spec) =>
        (spec["versions"] as JsonArray)?.OfType<JsonObject>().Where(v => v["name"] is not null) ?? [];

    private static List<PrinterColumn> PrinterColumns(JsonObject version) =>
        (version["additionalPrinterColumns"] as JsonArray)?.OfType<JsonObject>()
            .Select(c => new PrinterColumn(
                (string?)c["name"] ?? string.Empty,
                (string?)c["type"] ?? "string",
                (string?)c["jsonPath"] ?? string.Empty,
                (string?)c["description"] ?? string.Empty,
                (int?)c["priority"] ?? 0,
                (string?)c["format"] ?? string.Empty))
            .ToList() ?? [];

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).OfType<string>().ToArray() : [];

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
