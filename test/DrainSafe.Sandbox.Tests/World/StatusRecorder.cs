using System.Collections.Concurrent;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Tests.World;

/// <summary>Records every version of one object through a store watch, so a test sees short-lived states too.</summary>
internal sealed class StatusRecorder<T> : IAsyncDisposable
{
    private readonly WatchSubscription _watch;
    private readonly Task _reading;
    private readonly ConcurrentQueue<T> _seen = new();

    public StatusRecorder(WatchSubscription watch)
    {
        _watch = watch;
        _reading = Task.Run(async () =>
        {
            await foreach (var change in watch.ReadAllAsync())
            {
                if (change.Object is { } obj)
                {
                    _seen.Enqueue(obj.Deserialize<T>());
                }
            }
        });
    }

    public IReadOnlyCollection<T> Seen => _seen;

    public async ValueTask DisposeAsync()
    {
        await _watch.DisposeAsync();
        await _reading;
    }
}
