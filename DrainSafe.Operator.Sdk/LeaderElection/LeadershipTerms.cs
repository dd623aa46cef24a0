namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>
/// The loop every leader-gated service runs: wait until this replica leads, run the work for that term with a token
/// that is cancelled when the term ends or the service stops, then wait for the next term.
/// </summary>
public static class LeadershipTerms
{
    /// <summary>
    /// Runs <paramref name="body"/> once for each leadership term until <paramref name="stoppingToken"/> is cancelled.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The body gets a token cancelled the moment the term ends or the service stops. An
    /// <see cref="OperationCanceledException"/> it throws once that token is cancelled ends the term quietly; the
    /// loop then waits for the next term, or returns when the service stops. Nothing is logged here: callers log
    /// what their term means.
    /// </para>
    /// <para>
    /// Anything else the body throws (including an <see cref="OperationCanceledException"/> of its own while the
    /// term lasts) ends the loop and is rethrown, so the service fails rather than silently running without it.
    /// </para>
    /// <para>
    /// A body that returns on its own before its term ends is not started again in the same term: the loop waits
    /// for that term to end, then for the next one.
    /// </para>
    /// </remarks>
    /// <param name="leadership">The gate.</param>
    /// <param name="body">The work of one term, given the term's token.</param>
    /// <param name="stoppingToken">Stops the loop: cancels the running term's token, or stops waiting for one.</param>
    /// <returns>A task that completes when the service stops, or faults with what the body threw.</returns>
    public static async Task RunEachTermAsync(this ILeadership leadership, Func<CancellationToken, Task> body, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(body);
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForLeadershipAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            try
            {
                await body(running.Token).ConfigureAwait(false);

                // Returned on its own: the same term must not start it again (the wait above would hand back the same
                // term at once, and a body that returns at once would spin).
                await Task.Delay(Timeout.InfiniteTimeSpan, running.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (running.IsCancellationRequested)
            {
                // The term ended or the service stopped.
            }
        }
    }
}
