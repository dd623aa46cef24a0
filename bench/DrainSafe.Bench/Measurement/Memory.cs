using System.Diagnostics;

namespace DrainSafe.Bench.Measurement;

/// <summary>The process's memory after a full, compacting collection.</summary>
/// <param name="WorkingSetMiB">Resident memory of the whole process.</param>
/// <param name="ManagedMiB">Live managed heap.</param>
internal readonly record struct Memory(double WorkingSetMiB, double ManagedMiB)
{
    public static Memory Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return new Memory(process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0);
    }
}
