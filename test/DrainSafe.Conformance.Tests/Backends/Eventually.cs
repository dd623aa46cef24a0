using System.Diagnostics;

namespace DrainSafe.Conformance.Tests.Backends;

/// <summary>Waits for a condition with a generous upper bound, by polling (never a fixed sleep).</summary>
public static class Eventually
{
    /// <summary>The default upper bound: generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="probe"/> until it returns a non-null value and returns it.</summary>
    public static async Task<T> ReturnsAsync<T>(
        Func<CancellationToken, Task<T?>> probe, string what, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe(cancellationToken) is { } value)
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(
        Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        ReturnsAsync<object>(async ct => await condition(ct) ? true : null, what, cancellationToken, timeout);
}
