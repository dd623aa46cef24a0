using System.Text.Json;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.OpenApi;

/// <summary>
/// OpenAPI v3: the index at <c>/openapi/v3</c> and one document per group version. Operations carry
/// <c>x-kubernetes-group-version-kind</c> and declare <c>fieldValidation</c> on POST, PUT and PATCH, which is what
/// makes kubectl trust server-side validation. PATCH does not offer strategic merge in the document, so kubectl
/// builds strategic patches for built-ins from its own types and merge patches for custom resources.
/// </summary>
internal static class OpenApiDocuments
{
    private const string StatusSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    private const string PatchSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private const string DeleteOptionsSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

    public static void WriteIndex(Utf8JsonWriter writer, ResourceRegistry registry)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("paths");
        foreach (var (group, version) in registry.GroupVersions)
        {
            var path = PathOf(group, version);
            writer.WriteStartObject(path);
            writer.WriteString("serverRelativeURL", $"/openapi/v3/{path}?hash={Hash(registry, group, version)}");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes the document of <c>api/v1</c> or <c>apis/{group}/{version}</c>; false when not served.</summary>
    public static bool TryWriteDocument(Utf8JsonWriter writer, ResourceRegistry registry, string path, string kubernetesVersion)
    {
        var (group, version) = ParsePath(path);
        var resources = registry.InGroupVersion(group, version);
        if (version.Length == 0 || resources.Count == 0)
        {
            return false;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            [StatusSchema] = new JsonObject { ["type"] = "object", ["description"] = "Status is a return value for calls that don't return other objects." },
            [PatchSchema] = new JsonObject { ["type"] = "object", ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." },
            [DeleteOptionsSchema] = new JsonObject { ["type"] = "object", ["description"] = "DeleteOptions may be provided when deleting an API object." },
        };
        foreach (var resource in resources)
        {
            AddResource(paths, schemas, resource);
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = kubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        document.WriteTo(writer);
        return true;
    }

    private static void AddResource(JsonObject paths, JsonObject schemas, ResourceType resource)
    {
        var prefix = "/" + PathOf(resource.Group, resource.Version);
        var schemaName = SchemaName(resource);
        schemas[schemaName] = Schema(resource);
        schemas[schemaName + "List"] = new JsonObject
        {
            ["type"] = "object",
            ["x-kubernetes-group-version-kind"] = Gvk(resource, resource.ListKind, asArray: true),
        };
        var collection = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}";
        var scope = resource.Namespaced ? new[] { "namespace" } : [];
        var item = new[] { "name" }.Concat(scope).ToArray();
        paths[collection] = new JsonObject
        {
            ["get"] = Operation(resource, "list", scope, schemaName + "List"),
            ["post"] = Operation(resource, "post", scope, schemaName, body: schemaName, fieldValidation: true),
            ["delete"] = Operation(resource, "deletecollection", scope, StatusSchema),
        };
        if (resource.Namespaced)
        {
            paths[$"{prefix}/{resource.Plural}"] = new JsonObject { ["get"] = Operation(resource, "list", [], schemaName + "List") };
        }

        paths[$"{collection}/{{name}}"] = ItemOperations(resource, item, schemaName, deletable: true);
        if (resource.HasStatusSubresource)
        {
            paths[$"{collection}/{{name}}/status"] = ItemOperations(resource, item, schemaName, deletable: false);
        }

        if (resource.Group.Length == 0 && resource.Plural == "pods")
        {
            var eviction = new ResourceType
            {
                Group = "policy", Version = "v1", Kind = "Eviction", Plural = "evictions", Singular = "eviction", Namespaced = true,
            };
            schemas["io.k8s.api.policy.v1.Eviction"] = Schema(eviction);
            paths[$"{collection}/{{name}}/eviction"] = new JsonObject
            {
                ["post"] = Operation(eviction, "post", item, StatusSchema, body: "io.k8s.api.policy.v1.Eviction", fieldValidation: true),
            };
        }
    }

    private static JsonObject ItemOperations(ResourceType resource, string[] item, string schemaName, bool deletable)
    {
        var operations = new JsonObject
        {
            ["get"] = Operation(resource, "get", item, schemaName),
            ["put"] = Operation(resource, "put", item, schemaName, body: schemaName, fieldValidation: true),
            ["patch"] = Operation(resource, "patch", item, schemaName, body: PatchSchema, fieldValidation: true,
                bodyTypes: ["application/json-patch+json", "application/merge-patch+json"]),
        };
        if (deletable)
        {
            operations["delete"] = Operation(resource, "delete", item, schemaName, body: DeleteOptionsSchema);
        }

        return operations;
    }

    private static JsonObject Operation(ResourceType resource, string action, string[] pathParameters, string responseSchema,
        string? body = null, bool fieldValidation = false, string[]? bodyTypes = null)
    {
        var parameters = new JsonArray();
        foreach (var name in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name, ["in"] = "path", ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }

        if (fieldValidation)
        {
            foreach (var name in new[] { "dryRun", "fieldManager", "fieldValidation" })
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = name, ["in"] = "query",
                    ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
                });
            }
        }

        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{resource.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(responseSchema) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(resource, resource.Kind, asArray: false),
        };
        if (body is not null)
        {
            var content = new JsonObject();
            foreach (var type in bodyTypes ?? ["application/json"])
            {
                content[type] = new JsonObject { ["schema"] = Ref(body) };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = action != "delete" };
        }

        return operation;
    }

    private static JsonObject Schema(ResourceType resource)
    {
        var schema = resource.Schema?.DeepClone() as JsonObject ?? new JsonObject
        {
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        };
        if (schema["properties"] is not JsonObject properties)
        {
            properties = [];
            schema["properties"] = properties;
        }

        properties["apiVersion"] ??= new JsonObject { ["type"] = "string" };
        properties["kind"] ??= new JsonObject { ["type"] = "string" };
        properties["metadata"] ??= new JsonObject { ["type"] = "object" };
        schema["type"] = "object";
        schema["x-kubernetes-group-version-kind"] = Gvk(resource, resource.Kind, asArray: true);
        return schema;
    }

    private static JsonNode Gvk(ResourceType resource, string kind, bool asArray)
    {
        var gvk = new JsonObject { ["group"] = resource.Group, ["kind"] = kind, ["version"] = resource.Version };
        return asArray ? new JsonArray(gvk) : gvk;
    }

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static string SchemaName(ResourceType resource)
    {
        if (resource.IsCustom)
        {
            return string.Join('.', resource.Group.Split('.').Reverse()) + $".{resource.Version}.{resource.Kind}";
        }

        var group = resource.Group.Length == 0 ? "core" : resource.Group.Split('.')[0];
        return $"io.k8s.api.{group}.{resource.Version}.{resource.Kind}";
    }

    private static string PathOf(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static (string Group, string Version) ParsePath(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts switch
        {
            ["api", var version] => (string.Empty, version),
            ["apis", var group, var version] => (group, version),
            _ => (string.Empty, string.Empty),
        };
    }

    private static string Hash(ResourceRegistry registry, string group, string version)
    {
        var text = $"{registry.Generation}/{group}/{version}";
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(bytes, 0, 16);
    }
}
