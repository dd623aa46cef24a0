using DrainSafe.Operator.Abstractions.Entities;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

/// <summary>A small cluster-scoped test entity with a status subresource.</summary>
[EntityScope(EntityScope.Cluster)]
[KubernetesEntity(Group = Widget.Group, ApiVersion = Widget.Version, Kind = "Widget", PluralName = Widget.Plural)]
public sealed class Widget : CustomKubernetesEntity<WidgetSpec, WidgetStatus>
{
    public const string Group = "test.drainsafe.azure.com";
    public const string Version = "v1";
    public const string Plural = "widgets";

    public static Widget Named(string name, string size = "small") => new()
    {
        ApiVersion = $"{Group}/{Version}",
        Kind = "Widget",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new WidgetSpec { Size = size },
    };
}
