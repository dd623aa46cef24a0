using System.Diagnostics;

namespace DrainSafe.Bench.Measurement;

/// <summary>Waits on a condition of the world (setup and teardown only: timed steps read watches, never this).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:F0} s: {what}{(diagnostics is null ? "" : $" ({diagnostics()})")}");
            }

            await Task.Delay(10);
        }
    }
}
