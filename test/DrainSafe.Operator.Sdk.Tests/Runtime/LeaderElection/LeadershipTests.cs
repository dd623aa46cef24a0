using DrainSafe.Operator.Sdk.LeaderElection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

public sealed class LeadershipTests
{
    [Fact]
    public async Task Waiters_are_released_when_leadership_is_acquired_and_their_token_is_cancelled_when_it_ends()
    {
        var leadership = new Leadership();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var waiting = leadership.WaitForLeadershipAsync(bound.Token);
        Assert.False(waiting.IsCompleted);

        leadership.Acquire();
        var term = await waiting;

        Assert.True(leadership.IsLeader);
        Assert.False(term.IsCancellationRequested);
        leadership.Release();
        Assert.True(term.IsCancellationRequested);
        Assert.False(leadership.IsLeader);
        Assert.False(leadership.WaitForLeadershipAsync(bound.Token).IsCompleted);
    }

    [Fact]
    public async Task A_new_term_gets_a_fresh_token()
    {
        var leadership = new Leadership();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        leadership.Acquire();
        var first = await leadership.WaitForLeadershipAsync(bound.Token);
        leadership.Release();

        leadership.Acquire();
        var second = await leadership.WaitForLeadershipAsync(bound.Token);

        Assert.True(first.IsCancellationRequested);
        Assert.False(second.IsCancellationRequested);
    }

    [Fact]
    public async Task Acquiring_again_while_leading_keeps_the_running_term()
    {
        var leadership = new Leadership();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        leadership.Acquire();
        var term = await leadership.WaitForLeadershipAsync(bound.Token);

        leadership.Acquire();

        Assert.True(leadership.IsLeader);
        Assert.False(term.IsCancellationRequested);
        Assert.Equal(term, await leadership.WaitForLeadershipAsync(bound.Token));
    }
}
