using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Bench.OperatorScale;

/// <summary>
/// The one thing the scale benchmark needs of a kubelet: a pod under graceful deletion (an allowed eviction) is
/// stopped and finally deleted after its grace period times a scale, as the kubelet does, without the simulated world.
/// </summary>
internal sealed class LightKubelet : IDisposable
{
    private readonly ObjectStore store;
    private readonly double gracePeriodScale;
    private int finished;

    public LightKubelet(ObjectStore store, double gracePeriodScale)
    {
        this.store = store;
        this.gracePeriodScale = gracePeriodScale;
        store.PodDeletionRequested += OnDeletionRequested;
    }

    /// <summary>Pods this kubelet finished deleting.</summary>
    public int Finished => Volatile.Read(ref finished);

    public void Dispose() => store.PodDeletionRequested -= OnDeletionRequested;

    private void OnDeletionRequested(PodDeletionRequest request) => _ = Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(request.GracePeriodSeconds * gracePeriodScale));
        try
        {
            store.Delete(BuiltInResources.Pods, request.Namespace, request.Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = request.Uid });
            Interlocked.Increment(ref finished);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone already, or replaced by a pod of the same name.
        }
    });
}
