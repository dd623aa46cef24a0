namespace DrainSafe.Sandbox.Tests.World;

/// <summary>Waits for a condition of the simulated world with a generous bound, polling; never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(condition, () => what, timeout);

    /// <summary>Waits for <paramref name="condition"/>; <paramref name="what"/> describes it at the timeout (with the state then).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (!await condition().WaitAsync(deadline.Token))
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0}s waiting until {what()}.");
        }
    }
}
