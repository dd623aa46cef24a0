using System.Diagnostics;

namespace DrainSafe.Testing;

/// <summary>
/// Waits for a condition with a generous upper bound by polling, never with a fixed sleep. The bound is for a
/// loaded 2-core machine; a timeout says what was awaited and, where given, the state at that moment.
/// </summary>
public static class Eventually
{
    /// <summary>The default upper bound.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="probe"/> until it returns a value, and returns it.</summary>
    /// <param name="probe">Returns null while the awaited state is not there yet.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    /// <param name="timeout">The upper bound; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="diagnostics">The state to show when the wait times out.</param>
    public static async Task<T> ReturnsAsync<T>(
        Func<CancellationToken, Task<T?>> probe,
        string what,
        CancellationToken cancellationToken = default,
        TimeSpan? timeout = null,
        Func<string>? diagnostics = null)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe(cancellationToken).ConfigureAwait(false) is { } value)
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                var state = diagnostics is null ? "" : $"\n{diagnostics()}";
                throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting until {what}.{state}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(
        Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        ReturnsAsync<object>(async ct => await condition(ct).ConfigureAwait(false) ? true : null, what, cancellationToken, timeout);

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, Func<string>? diagnostics = null, TimeSpan? timeout = null) =>
        ReturnsAsync<object>(async _ => await condition().ConfigureAwait(false) ? true : null, what, default, timeout, diagnostics);

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what, Func<string>? diagnostics = null, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, diagnostics, timeout);
}
