namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>A watch stream was silent for longer than the heartbeat window and was abandoned.</summary>
public sealed class WatchStalledException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which watch and how long it was silent.</param>
    /// <param name="innerException">The cancellation that ended the read.</param>
    public WatchStalledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
