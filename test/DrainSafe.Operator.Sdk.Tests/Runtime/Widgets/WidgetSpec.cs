namespace DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

public sealed class WidgetSpec
{
    public string? Size { get; set; }
}
