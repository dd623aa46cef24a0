namespace DrainSafe.Sandbox.Imds;

/// <summary>Faults waiting for the next calls, oldest first. Guarded by the simulator's lock.</summary>
internal sealed class FaultQueue
{
    private readonly List<(InjectedFault Fault, int Remaining)> pending = [];

    public void Add(InjectedFault fault, int calls) => pending.Add((fault, calls));

    public void Clear() => pending.Clear();

    /// <summary>Calls the waiting faults will still answer.</summary>
    public int PendingCalls => pending.Sum(p => p.Remaining);

    /// <summary>Takes one use of the oldest fault that fits the call; body faults fit only document reads.</summary>
    public InjectedFault? TakeFor(bool isDocumentRead)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var (fault, remaining) = pending[i];
            if (fault.Kind != FaultKind.Status && !isDocumentRead)
            {
                continue;
            }

            if (remaining <= 1)
            {
                pending.RemoveAt(i);
            }
            else
            {
                pending[i] = (fault, remaining - 1);
            }

            return fault;
        }

        return null;
    }
}
