using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.CustomResources;

/// <summary>What the API server checks and fills in on a CustomResourceDefinition, and the resources it serves.</summary>
internal static class CrdRules
{
    /// <summary>
    /// Defaults names, validates, sets status (NamesAccepted, Established, acceptedNames, storedVersions) and
    /// returns the resources the CRD serves; a 422 Invalid when the CRD is not acceptable.
    /// </summary>
    public static List<ResourceType> Prepare(JsonObject crd, string now, JsonObject? oldStatus)
    {
        var spec = crd["spec"] as JsonObject ?? [];
        var names = spec["names"] as JsonObject;
        if (names is not null)
        {
            var kind = (string?)names["kind"] ?? string.Empty;
            names["singular"] ??= kind.ToLowerInvariant();
            names["listKind"] ??= kind + "List";
        }

        var crdName = (string?)crd["metadata"]?["name"] ?? string.Empty;
        var causes = SchemaValidators.ValidateDefinition(crd);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(BuiltInResources.CustomResourceDefinitions, crdName, causes);
        }

        List<ResourceType> served;
        try
        {
            served = ServedResources(crd);
        }
        catch (ArgumentException ex)
        {
            throw ApiErrors.Invalid(BuiltInResources.CustomResourceDefinitions, crdName, "FieldValueInvalid",
                "spec.versions[*].schema.openAPIV3Schema", $"Invalid value: {ex.Message}");
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
        return served;
    }

    /// <summary>The resources a (valid) CRD serves: one per served version.</summary>
    private static List<ResourceType> ServedResources(JsonObject crd)
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
}
