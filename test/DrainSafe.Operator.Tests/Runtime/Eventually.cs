using System.Diagnostics;

namespace DrainSafe.Operator.Tests.Runtime;

/// <summary>Waits for a condition with a generous bound, polling; never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(20);

    public static Task Until(Func<bool> condition, string what, Func<string>? diagnostics = null, TimeSpan? bound = null) =>
        Until(() => Task.FromResult(condition()), what, diagnostics, bound);

    public static async Task Until(Func<Task<bool>> condition, string what, Func<string>? diagnostics = null, TimeSpan? bound = null)
    {
        var limit = bound ?? DefaultBound;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {limit} waiting until {what}.\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
