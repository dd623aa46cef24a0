using System.Collections.Concurrent;
using DrainSafe.Operator.Sdk.LeaderElection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary><see cref="LeadershipTerms.RunEachTermAsync"/> against terms the test starts and ends.</summary>
public sealed class LeadershipTermsTests
{
    // Generous for a loaded 2-core machine; nothing here waits for a fixed time.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_body_runs_once_a_term_starts_observes_the_term_ending_and_runs_again_for_the_next_term()
    {
        var leadership = new ScriptedLeadership();
        var body = new TermBody();
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);

        await Eventually.HoldsAsync(() => leadership.Waits == 1, "the loop waits for a term");
        Assert.Equal(0, body.Runs);

        leadership.StartTerm();
        await Eventually.HoldsAsync(() => body.Runs == 1, "the body runs for the first term", body.Describe);
        var first = body.Tokens[0];
        Assert.False(first.IsCancellationRequested);

        leadership.EndTerm();
        await Eventually.HoldsAsync(() => body.Cancelled == 1, "the body observes the end of the first term", body.Describe);
        Assert.True(first.IsCancellationRequested);
        await Eventually.HoldsAsync(() => leadership.Waits == 2, "the loop waits for the next term", body.Describe);
        Assert.Equal(1, body.Runs);
        Assert.False(loop.IsCompleted);

        leadership.StartTerm();
        await Eventually.HoldsAsync(() => body.Runs == 2, "the body runs for the second term", body.Describe);
        var second = body.Tokens[1];
        Assert.False(second.IsCancellationRequested);

        await stop.CancelAsync();
        await loop.WaitAsync(Bound);
        Assert.True(second.IsCancellationRequested);
        Assert.Equal(2, body.Cancelled);
    }

    [Fact]
    public async Task Stopping_during_a_term_cancels_the_body_and_ends_the_loop_without_an_error()
    {
        var leadership = new ScriptedLeadership();
        var body = new TermBody();
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);
        var term = leadership.StartTerm();
        await Eventually.HoldsAsync(() => body.Runs == 1, "the body runs", body.Describe);

        await stop.CancelAsync();

        await loop.WaitAsync(Bound);
        Assert.True(loop.IsCompletedSuccessfully);
        Assert.Equal(1, body.Cancelled);
        Assert.True(body.Tokens[0].IsCancellationRequested);
        // The term itself goes on (this replica still leads); the loop just does not wait for another one.
        Assert.False(term.IsCancellationRequested);
        Assert.Equal(1, leadership.Waits);
    }

    [Fact]
    public async Task Stopping_while_waiting_for_a_term_ends_the_loop_and_the_body_never_runs()
    {
        var leadership = new ScriptedLeadership();
        var body = new TermBody();
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);
        await Eventually.HoldsAsync(() => leadership.Waits == 1, "the loop waits for a term");

        await stop.CancelAsync();

        await loop.WaitAsync(Bound);
        Assert.True(loop.IsCompletedSuccessfully);
        leadership.StartTerm();
        Assert.Equal(0, body.Runs);
    }

    [Fact]
    public async Task A_loop_stopped_before_it_starts_never_waits_and_never_runs_the_body()
    {
        var leadership = new ScriptedLeadership();
        leadership.StartTerm();
        var body = new TermBody();

        await leadership.RunEachTermAsync(body.RunAsync, new CancellationToken(canceled: true)).WaitAsync(Bound);

        Assert.Equal(0, leadership.Waits);
        Assert.Equal(0, body.Runs);
    }

    [Fact]
    public async Task A_body_that_throws_during_its_term_fails_the_loop_with_that_exception_and_is_not_run_again()
    {
        var leadership = new ScriptedLeadership();
        var failure = new InvalidOperationException("the body failed");
        var body = new TermBody(_ => Task.FromException(failure));
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);

        leadership.StartTerm();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => loop.WaitAsync(Bound));
        Assert.Same(failure, thrown);
        Assert.Equal(1, body.Runs);
        Assert.Equal(1, leadership.Waits);
    }

    [Fact]
    public async Task A_body_that_throws_synchronously_fails_the_loop_the_same_way()
    {
        var leadership = new ScriptedLeadership();
        var failure = new InvalidOperationException("thrown before the body's first await");
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(_ => throw failure, stop.Token);

        leadership.StartTerm();

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => loop.WaitAsync(Bound)));
    }

    [Fact]
    public async Task A_failure_other_than_cancellation_after_the_term_ended_still_fails_the_loop()
    {
        var leadership = new ScriptedLeadership();
        var body = new TermBody(async token =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException("failed while stopping");
            }
        });
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);
        leadership.StartTerm();
        await Eventually.HoldsAsync(() => body.Runs == 1, "the body runs", body.Describe);

        leadership.EndTerm();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => loop.WaitAsync(Bound));
        Assert.Equal("failed while stopping", thrown.Message);
        Assert.Equal(1, leadership.Waits);
    }

    [Fact]
    public async Task A_cancellation_of_the_body_s_own_while_the_term_lasts_is_not_a_term_end_and_fails_the_loop()
    {
        var leadership = new ScriptedLeadership();
        using var own = new CancellationTokenSource();
        await own.CancelAsync();
        var body = new TermBody(_ => Task.FromCanceled(own.Token));
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);

        var term = leadership.StartTerm();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Bound));
        Assert.Equal(own.Token, thrown.CancellationToken);
        Assert.False(term.IsCancellationRequested);
        Assert.Equal(1, body.Runs);
        Assert.Equal(1, leadership.Waits);
    }

    [Fact]
    public async Task A_body_that_returns_before_its_term_ends_is_not_run_again_until_the_next_term()
    {
        var leadership = new ScriptedLeadership();
        var body = new TermBody(_ => Task.CompletedTask);
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);

        leadership.StartTerm();
        // At least once: a loop that started it again within the term would spin until the term ends.
        await Eventually.HoldsAsync(() => body.Runs >= 1, "the body runs for the first term", body.Describe);
        leadership.EndTerm();
        await Eventually.HoldsAsync(() => leadership.Waits >= 2, "the loop waits for the next term", body.Describe);

        Assert.Equal(1, body.Runs);
        Assert.Equal(2, leadership.Waits);
        Assert.False(loop.IsCompleted);
        leadership.StartTerm();
        await Eventually.HoldsAsync(() => body.Runs == 2, "the body runs for the second term", body.Describe);

        await stop.CancelAsync();
        await loop.WaitAsync(Bound);
        Assert.True(loop.IsCompletedSuccessfully);
        Assert.Equal(2, body.Runs);
    }

    [Fact]
    public async Task The_body_s_token_is_cancelled_by_the_term_or_by_stopping_whichever_comes_first()
    {
        var leadership = new ScriptedLeadership();
        var body = new TermBody();
        using var stop = new CancellationTokenSource();
        var loop = leadership.RunEachTermAsync(body.RunAsync, stop.Token);

        var term = leadership.StartTerm();
        await Eventually.HoldsAsync(() => body.Runs == 1, "the body runs", body.Describe);

        Assert.NotEqual(term, body.Tokens[0]);
        Assert.NotEqual(stop.Token, body.Tokens[0]);
        leadership.EndTerm();
        await Eventually.HoldsAsync(() => body.Tokens[0].IsCancellationRequested && body.Cancelled == 1, "the body's token follows the term");
        Assert.False(stop.IsCancellationRequested);

        await stop.CancelAsync();
        await loop.WaitAsync(Bound);
    }

    [Fact]
    public async Task Missing_arguments_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => LeadershipTerms.RunEachTermAsync(null!, _ => Task.CompletedTask, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => new ScriptedLeadership().RunEachTermAsync(null!, CancellationToken.None));
    }

    /// <summary>Records each run of a body: its token, and whether it ended by observing that token's cancellation.</summary>
    private sealed class TermBody(Func<CancellationToken, Task>? behaviour = null)
    {
        private readonly ConcurrentQueue<CancellationToken> tokens = new();
        private int cancelled;

        public int Runs => tokens.Count;

        public IReadOnlyList<CancellationToken> Tokens => tokens.ToArray();

        /// <summary>Runs that ended with an <see cref="OperationCanceledException"/> once their token was cancelled.</summary>
        public int Cancelled => Volatile.Read(ref cancelled);

        public async Task RunAsync(CancellationToken token)
        {
            tokens.Enqueue(token);
            try
            {
                await (behaviour ?? (t => Task.Delay(Timeout.InfiniteTimeSpan, t)))(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        }

        public string Describe() => $"runs {Runs}, cancelled {Cancelled}, tokens cancelled: {string.Join(",", Tokens.Select(t => t.IsCancellationRequested))}";
    }
}
