using DrainSafe.Agent.Options;

namespace DrainSafe.Agent.Health;

/// <summary>
/// What /readyz decides from: when IMDS last answered a good document and whether the API server answered the
/// last call. Ready means both: IMDS answered within <see cref="AgentOptions.ImdsStaleAfter"/> and the API server
/// is reachable.
/// </summary>
public sealed class AgentHealth
{
    private readonly TimeProvider time;
    private readonly TimeSpan imdsStaleAfter;
    private long lastImdsAnswerTicks = DateTimeOffset.MinValue.UtcTicks;
    private int apiReachable;

    /// <summary>Creates a state that is not ready.</summary>
    public AgentHealth(AgentOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        imdsStaleAfter = options.ImdsStaleAfter;
    }

    /// <summary>When IMDS last answered a good document; null before the first.</summary>
    public DateTimeOffset? LastImdsAnswer
    {
        get
        {
            var ticks = Interlocked.Read(ref lastImdsAnswerTicks);
            return ticks == DateTimeOffset.MinValue.UtcTicks ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>True when the last API server call got an answer (any HTTP status).</summary>
    public bool ApiReachable => Volatile.Read(ref apiReachable) == 1;

    /// <summary>True when IMDS answered recently and the API server is reachable.</summary>
    public bool IsReady => ApiReachable && LastImdsAnswer is { } last && time.GetUtcNow() - last <= imdsStaleAfter;

    /// <summary>Why the agent is not ready; null when it is.</summary>
    public string? NotReadyReason => IsReady ? null
        : LastImdsAnswer is null ? "IMDS has not answered yet"
        : !ApiReachable ? "the API server is not reachable"
        : $"IMDS has not answered since {LastImdsAnswer:O}";

    /// <summary>Records a good IMDS document.</summary>
    public void ImdsAnswered() => Interlocked.Exchange(ref lastImdsAnswerTicks, time.GetUtcNow().UtcTicks);

    /// <summary>Records the outcome of an API server call.</summary>
    public void ApiAnswered(bool reachable) => Volatile.Write(ref apiReachable, reachable ? 1 : 0);
}
