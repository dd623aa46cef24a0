using System.Threading.Channels;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Api.Deletion;

/// <summary>
/// Background deletion, as the real garbage collector and namespace controller do it: dependents of a removed
/// owner, and the contents of a terminating namespace. One worker; work is queued under the store lock.
/// </summary>
internal sealed class GarbageCollector : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;

    public GarbageCollector(ObjectStore store)
    {
        _store = store;
        _worker = Task.Run(() => RunAsync(_stopping.Token));
    }

    public void QueueOwner(string ownerUid) => _queue.Writer.TryWrite(new Work(ownerUid, null));

    public void QueueNamespace(string @namespace) => _queue.Writer.TryWrite(new Work(null, @namespace));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected end of the worker.
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (work.OwnerUid is not null)
                {
                    _store.CollectDependents(work.OwnerUid);
                }
                else if (work.Namespace is not null)
                {
                    _store.CleanNamespace(work.Namespace);
                }
            }
            catch (Errors.ApiException)
            {
                // A dependent that changed meanwhile is picked up by the next removal; the real GC retries likewise.
            }
        }
    }

    private sealed record Work(string? OwnerUid, string? Namespace);
}
