namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>The leadership state of this instance, set by the elector and read by the gated services.</summary>
public sealed class Leadership : ILeadership
{
    private readonly Lock gate = new();
    private TaskCompletionSource<CancellationToken> next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? term;

    /// <inheritdoc />
    public bool IsLeader
    {
        get
        {
            lock (gate)
            {
                return term is not null;
            }
        }
    }

    /// <inheritdoc />
    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> waiting;
        lock (gate)
        {
            waiting = next.Task;
        }

        return waiting.WaitAsync(cancellationToken);
    }

    /// <summary>This instance now leads: release the waiters.</summary>
    public void Acquire()
    {
        lock (gate)
        {
            if (term is not null)
            {
                return;
            }

            term = new CancellationTokenSource();
            next.SetResult(term.Token);
        }
    }

    /// <summary>This instance no longer leads: cancel every gated piece of work at once.</summary>
    public void Release()
    {
        CancellationTokenSource? ended;
        lock (gate)
        {
            ended = term;
            term = null;
            if (next.Task.IsCompleted)
            {
                next = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        // Not disposed: gated services may still be linking to its token.
        ended?.Cancel();
    }
}
