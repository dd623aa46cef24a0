using System.Collections.Concurrent;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Bench.OperatorScale;

/// <summary>Every NodeMaintenance's status.state as the store's own watch reports it (not an API request), and when each was first NodeDrained.</summary>
internal sealed class MaintenanceStates : IDisposable
{
    private readonly ConcurrentDictionary<string, MaintenanceState?> states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> drained = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    public MaintenanceStates(ObjectStore store)
    {
        var subscription = store.Watch(store.ResourceFor<NodeMaintenance>());
        reading = Task.Run(async () =>
        {
            await using (subscription)
            {
                try
                {
                    await foreach (var change in subscription.ReadAllAsync(stop.Token))
                    {
                        if (change.Object is not { } obj)
                        {
                            continue;
                        }

                        var state = obj.ToJsonObject()["status"]?["state"]?.GetValue<string>() is { } text && Enum.TryParse<MaintenanceState>(text, out var parsed)
                            ? parsed
                            : (MaintenanceState?)null;
                        states[obj.Name] = state;
                        if (state == MaintenanceState.NodeDrained)
                        {
                            drained.TryAdd(obj.Name, DateTimeOffset.UtcNow);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }
        });
    }

    /// <summary>NodeMaintenances with a state in their status.</summary>
    public int WithStatus => states.Values.Count(s => s is not null);

    public MaintenanceState? StateOf(string name) => states.TryGetValue(name, out var state) ? state : null;

    public DateTimeOffset? DrainedAt(string name) => drained.TryGetValue(name, out var at) ? at : null;

    public void Dispose()
    {
        stop.Cancel();
        try
        {
            reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped.
        }

        stop.Dispose();
    }
}
