namespace DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

public sealed class WidgetStatus
{
    public string? Phase { get; set; }

    public string? Owner { get; set; }

    public int? Observed { get; set; }
}
