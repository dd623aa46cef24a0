namespace DrainSafe.Sandbox.World;

/// <summary>
/// Faults of the simulated control plane that a test or the demo switches while the world runs (the API server's are
/// <see cref="Api.Faults.ApiFaults"/>, IMDS's are on the <see cref="Imds.ImdsSimulator"/>).
/// </summary>
public sealed class WorldFaults
{
    private const long Unset = -1;
    private readonly Action changed;
    private long disruptionControllerDelayTicks = Unset;

    internal WorldFaults(Action changed)
    {
        this.changed = changed;
    }

    /// <summary>
    /// A busy disruption controller: each new or changed PDB spec waits this long before its status follows it, and
    /// meanwhile evictions under it answer 429 "still being processed". Null (the default) leaves it to
    /// <see cref="WorldOptions.DisruptionControllerDelay"/>; zero or null again lets every lagging budget catch up at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    public TimeSpan? DisruptionControllerDelay
    {
        get => Interlocked.Read(ref disruptionControllerDelayTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;
        set
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "WorldFaults.DisruptionControllerDelay must be zero or positive, or null for the world's option.");
            }

            Interlocked.Exchange(ref disruptionControllerDelayTicks, value?.Ticks ?? Unset);
            changed();
        }
    }
}
