using DrainSafe.Operator.Sdk.LeaderElection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary>An <see cref="ILeadership"/> whose terms the test starts and ends, counting the waits for a term.</summary>
internal sealed class ScriptedLeadership : ILeadership
{
    private readonly Lock gate = new();
    private TaskCompletionSource<CancellationToken> next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? term;
    private int waits;

    /// <summary>How many times <see cref="WaitForLeadershipAsync"/> was called.</summary>
    public int Waits => Volatile.Read(ref waits);

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

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waits);
        lock (gate)
        {
            return next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Starts a term and returns its token.</summary>
    public CancellationToken StartTerm()
    {
        lock (gate)
        {
            if (term is not null)
            {
                throw new InvalidOperationException("A term is already running.");
            }

            term = new CancellationTokenSource();
            next.SetResult(term.Token);
            return term.Token;
        }
    }

    /// <summary>Ends the running term: its token is cancelled and the next wait blocks until <see cref="StartTerm"/>.</summary>
    public void EndTerm()
    {
        CancellationTokenSource ended;
        lock (gate)
        {
            ended = term ?? throw new InvalidOperationException("No term is running.");
            term = null;
            next = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended.Cancel();
    }
}
