namespace DrainSafe.Sandbox.Imds;

/// <summary>An <see cref="IVmImpactSink"/> call waiting to be delivered outside the simulator's lock.</summary>
internal readonly record struct ImpactNotice(ImpactKind Kind, string VmName, string EventType);

/// <summary>Which <see cref="IVmImpactSink"/> method an <see cref="ImpactNotice"/> calls.</summary>
internal enum ImpactKind
{
    Started,
    Ended,
    Deleted,
}
