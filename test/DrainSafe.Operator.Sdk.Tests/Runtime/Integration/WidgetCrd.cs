using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>The Widget CRD, written by hand for the tests: cluster-scoped, status subresource.</summary>
internal static class WidgetCrd
{
    public static V1CustomResourceDefinition Definition => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = $"{Widget.Plural}.{Widget.Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Widget.Group,
            Scope = "Cluster",
            Names = new V1CustomResourceDefinitionNames { Plural = Widget.Plural, Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Widget.Version,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps> { ["size"] = new() { Type = "string" } },
                                },
                                ["status"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["phase"] = new() { Type = "string" },
                                        ["owner"] = new() { Type = "string" },
                                        ["observed"] = new() { Type = "integer" },
                                    },
                                },
                            },
                        },
                    },
                },
            ],
        },
    };
}
