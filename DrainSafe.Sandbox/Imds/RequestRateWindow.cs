namespace DrainSafe.Sandbox.Imds;

/// <summary>A sliding-window rate limit: at most N admitted requests in any window. Guarded by the simulator's lock.</summary>
internal sealed class RequestRateWindow(int limit, TimeSpan window)
{
    // Ring buffer of the admission times of the last `limit` admitted requests.
    private readonly DateTimeOffset[] admitted = new DateTimeOffset[limit];
    private int oldest;
    private int count;

    public bool TryAdmit(DateTimeOffset now)
    {
        if (count < admitted.Length)
        {
            admitted[(oldest + count) % admitted.Length] = now;
            count++;
            return true;
        }

        if (now - admitted[oldest] < window)
        {
            return false;
        }

        admitted[oldest] = now;
        oldest = (oldest + 1) % admitted.Length;
        return true;
    }
}
