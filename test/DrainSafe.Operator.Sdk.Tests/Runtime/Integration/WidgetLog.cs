using System.Collections.Concurrent;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>What one operator instance did, in call order, plus the overlap detector for concurrent reconciles.</summary>
internal sealed class WidgetLog
{
    private readonly ConcurrentQueue<WidgetCall> calls = new();
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private int overlaps;

    public IReadOnlyList<WidgetCall> Calls => calls.ToList();

    public int Overlaps => Volatile.Read(ref overlaps);

    public int Count(string kind, string name) => calls.Count(c => c.Kind == kind && c.Name == name);

    public IReadOnlyList<WidgetCall> Of(string kind, string name) => calls.Where(c => c.Kind == kind && c.Name == name).ToList();

    public int Record(string kind, Widget widget)
    {
        calls.Enqueue(new WidgetCall(
            kind, widget.Metadata.Name, widget.Metadata.Uid, widget.Metadata.Generation,
            widget.Metadata.Finalizers?.ToList() ?? [], DateTimeOffset.UtcNow));
        return Count(kind, widget.Metadata.Name);
    }

    public IDisposable Enter(string name)
    {
        if (inFlight.AddOrUpdate(name, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref overlaps);
        }

        return new Exit(this, name);
    }

    public override string ToString() =>
        string.Join('\n', calls.Select(c => $"{c.At:HH:mm:ss.fff} {c.Kind} {c.Name} gen={c.Generation} finalizers=[{string.Join(',', c.Finalizers)}]"));

    private sealed class Exit(WidgetLog log, string name) : IDisposable
    {
        public void Dispose() => log.inFlight.AddOrUpdate(name, 0, (_, n) => n - 1);
    }
}
