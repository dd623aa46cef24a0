using System.Diagnostics;

namespace DrainSafe.Bench.Latency;

/// <summary>One IMDS event on one node: when it was scheduled and when each of its consequences was first seen.</summary>
internal sealed class EventProbe(string node, string vm, string eventId, long scheduledAt)
{
    private long specAt;
    private long cordonAt;
    private long evictionAt;

    public string Node { get; } = node;

    public string Vm { get; } = vm;

    public string EventId { get; } = eventId;

    public TimeSpan? Spec => Since(ref specAt);

    public TimeSpan? Cordon => Since(ref cordonAt);

    public TimeSpan? FirstEviction => Since(ref evictionAt);

    public void SpecSeen() => Interlocked.CompareExchange(ref specAt, Stopwatch.GetTimestamp(), 0);

    public void CordonSeen() => Interlocked.CompareExchange(ref cordonAt, Stopwatch.GetTimestamp(), 0);

    public void EvictionSeen() => Interlocked.CompareExchange(ref evictionAt, Stopwatch.GetTimestamp(), 0);

    private TimeSpan? Since(ref long at)
    {
        var value = Interlocked.Read(ref at);
        return value == 0 ? null : Stopwatch.GetElapsedTime(scheduledAt, value);
    }
}
