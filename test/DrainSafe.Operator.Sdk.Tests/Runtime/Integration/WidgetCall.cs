namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>One call the runtime made into the test controller or finalizer.</summary>
internal sealed record WidgetCall(string Kind, string Name, string? Uid, long? Generation, IReadOnlyList<string> Finalizers, DateTimeOffset At)
{
    public const string Reconcile = "Reconcile";
    public const string Deleted = "Deleted";
    public const string Finalize = "Finalize";
}
