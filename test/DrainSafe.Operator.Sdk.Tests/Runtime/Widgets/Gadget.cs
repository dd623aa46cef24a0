using DrainSafe.Operator.Abstractions.Entities;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

/// <summary>A namespaced test entity, to show the runtime handles both scopes.</summary>
[KubernetesEntity(Group = Widget.Group, ApiVersion = Widget.Version, Kind = "Gadget", PluralName = Gadget.Plural)]
public sealed class Gadget : CustomKubernetesEntity<WidgetSpec, WidgetStatus>
{
    public const string Plural = "gadgets";
}
