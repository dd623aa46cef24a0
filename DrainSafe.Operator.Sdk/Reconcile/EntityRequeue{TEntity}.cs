using DrainSafe.Operator.Sdk.Queue;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>The <see cref="IEntityRequeue{TEntity}"/> bound to the controller's work queue of the current term.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class EntityRequeue<TEntity> : IEntityRequeue<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private volatile WorkQueue<string>? queue;

    /// <inheritdoc />
    public void Enqueue(string key, TimeSpan? delay = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (queue is not { IsShutDown: false } current)
        {
            return;
        }

        if (delay is { } after && after > TimeSpan.Zero)
        {
            current.AddAfter(key, after);
        }
        else
        {
            current.Add(key);
        }
    }

    /// <summary>Points the handle at the work queue of the current term; dispose the result when the term ends.</summary>
    /// <param name="workQueue">The queue.</param>
    /// <returns>Unbinds on dispose.</returns>
    public IDisposable Bind(WorkQueue<string> workQueue)
    {
        queue = workQueue;
        return new Unbinding(this, workQueue);
    }

    private sealed class Unbinding(EntityRequeue<TEntity> owner, WorkQueue<string> bound) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref owner.queue, null, bound);
    }
}
