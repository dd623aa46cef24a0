using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Admission;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Store;

/// <content>Delete, finalizers, graceful pod deletion, owner cascade and namespace cleanup.</content>
public sealed partial class ObjectStore
{
    private const long DefaultPodGracePeriodSeconds = 30;
    private static readonly string[] UndeletableNamespaces = ["default", "kube-system", "kube-public"];

    /// <summary>
    /// Deletes an object. With finalizers it only gets deletionTimestamp (and goes when the last finalizer is
    /// removed); a bound pod under graceful deletion gets a grace period; otherwise it is removed at once and its
    /// dependents (by owner uid) are deleted in the background unless the propagation policy is Orphan.
    /// </summary>
    public DeleteResult Delete(ResourceType resource, string? @namespace, string name, DeleteOptions? options = null)
    {
        options ??= DeleteOptions.Default;
        resource = Resolve(resource);
        var podRequests = new List<PodDeletionRequest>();
        DeleteResult result;
        bool registryChanged;
        lock (_gate)
        {
            var collection = CollectionOf(resource);
            var old = collection.Get(KeyOf(resource, @namespace, name)) ?? throw ApiErrors.NotFound(resource, name);
            result = DeleteLocked(collection, resource, old, options, podRequests, out registryChanged);
        }

        AfterLock(podRequests, registryChanged);
        return result;
    }

    /// <summary>Deletes every object a list selects; answers what happened to each.</summary>
    public IReadOnlyList<DeleteResult> DeleteCollection(ResourceType resource, ListOptions? listOptions = null, DeleteOptions? options = null)
    {
        var results = new List<DeleteResult>();
        foreach (var item in List(resource, (listOptions ?? new ListOptions()) with { Limit = 0, Continue = null, ResourceVersion = null, ResourceVersionMatch = null }).Items)
        {
            try
            {
                results.Add(Delete(resource, item.Namespace, item.Name, options));
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Removed meanwhile (for example by the garbage collector).
            }
        }

        return results;
    }

    /// <summary>Deletes the dependents of a removed owner whose owners are all gone (background cascade).</summary>
    internal void CollectDependents(string ownerUid)
    {
        var podRequests = new List<PodDeletionRequest>();
        var registryChanged = false;
        lock (_gate)
        {
            if (_byUid.ContainsKey(ownerUid) || !_dependents.TryGetValue(ownerUid, out var dependents))
            {
                return;
            }

            foreach (var (storage, key) in dependents.ToList())
            {
                if (!_collections.TryGetValue(storage, out var collection) || collection.Get(key) is not { } dependent
                    || dependent.IsDeleting || dependent.OwnerUids.Any(_byUid.ContainsKey))
                {
                    continue;
                }

                DeleteLocked(collection, dependent.Resource, dependent, DeleteOptions.Default, podRequests, out var changed);
                registryChanged |= changed;
            }
        }

        AfterLock(podRequests, registryChanged);
    }

    /// <summary>Deletes what is left in a terminating namespace, and the namespace once it is empty.</summary>
    internal void CleanNamespace(string @namespace)
    {
        var podRequests = new List<PodDeletionRequest>();
        var registryChanged = false;
        lock (_gate)
        {
            var namespaces = CollectionOf(BuiltInResources.Namespaces);
            if (namespaces.Get(@namespace) is not { IsDeleting: true } namespaceObject)
            {
                return;
            }

            var remaining = 0;
            foreach (var collection in _collections.Values.Where(c => c.Resource.Namespaced).ToList())
            {
                foreach (var obj in collection.Snapshot(@namespace, null, null))
                {
                    remaining++;
                    if (!obj.IsDeleting)
                    {
                        var result = DeleteLocked(collection, obj.Resource, obj, DeleteOptions.Default, podRequests, out var changed);
                        registryChanged |= changed;
                        remaining -= result.Removed ? 1 : 0;
                    }
                }
            }

            if (remaining == 0)
            {
                var final = namespaceObject.ToJsonObject();
                (final["spec"] as JsonObject)?.Remove("finalizers");
                CommitRemove(namespaces, namespaceObject.Resource, final, namespaceObject);
            }
        }

        AfterLock(podRequests, registryChanged);
    }

    private DeleteResult DeleteLocked(ResourceCollection collection, ResourceType resource, StoredObject old, DeleteOptions options,
        List<PodDeletionRequest> podRequests, out bool registryChanged)
    {
        registryChanged = false;
        if (options.PreconditionUid is { Length: > 0 } uid && uid != old.Uid)
        {
            throw ApiErrors.Conflict(resource, old.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {old.Uid}");
        }

        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != ObjectMetadata.Format(old.ResourceVersion))
        {
            throw ApiErrors.Conflict(resource, old.Name,
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {old.ResourceVersion}");
        }

        var obj = old.ToJsonObject();
        if (options.User is { } user)
        {
            Admit(new AdmissionRequest(resource, null, AdmissionRequest.Delete, old.Name, old.Namespace, null, old.ToJsonObject(), user, options.DryRun));
        }

        var metadata = ObjectMetadata.Of(obj);
        var now = Time.GetUtcNow();
        if (IsNamespace(resource))
        {
            return DeleteNamespaceLocked(collection, resource, old, obj, options.DryRun);
        }

        if (IsPod(resource) && _options.GracefulPodDeletion && !string.IsNullOrEmpty(old.NodeName))
        {
            var grace = Math.Max(0, options.GracePeriodSeconds
                ?? (long?)(obj["spec"]?["terminationGracePeriodSeconds"] as JsonValue) ?? DefaultPodGracePeriodSeconds);
            var current = ObjectMetadata.GetLong(obj, "deletionGracePeriodSeconds");
            if (grace > 0)
            {
                if (old.IsDeleting && current is { } existing && existing <= grace)
                {
                    return new DeleteResult(old, false);
                }

                metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(now.AddSeconds(grace));
                metadata["deletionGracePeriodSeconds"] = grace;
                BumpGenerationIfFirstDeletion(old, metadata);
                if (options.DryRun)
                {
                    return new DeleteResult(StoredObject.Create(resource, obj, old.ResourceVersion), false);
                }

                var pending = CommitPut(collection, resource, obj, old);
                podRequests.Add(new PodDeletionRequest(old.Namespace!, old.Name, old.Uid, old.NodeName, grace));
                return new DeleteResult(pending, false);
            }
        }

        if (old.Finalizers.Count > 0)
        {
            if (old.IsDeleting && ObjectMetadata.GetLong(obj, "deletionGracePeriodSeconds") == 0)
            {
                return new DeleteResult(old, false);
            }

            if (!old.IsDeleting)
            {
                metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(now);
            }

            metadata["deletionGracePeriodSeconds"] = 0;
            BumpGenerationIfFirstDeletion(old, metadata);
            return new DeleteResult(options.DryRun ? StoredObject.Create(resource, obj, old.ResourceVersion) : CommitPut(collection, resource, obj, old),
                false);
        }

        if (options.DryRun)
        {
            return new DeleteResult(old, true);
        }

        var removed = CommitRemove(collection, resource, obj, old);
        registryChanged = AfterRemoval(resource, removed, propagate: options.PropagationPolicy != "Orphan");
        return new DeleteResult(removed, true);
    }

    private DeleteResult DeleteNamespaceLocked(ResourceCollection collection, ResourceType resource, StoredObject old, JsonObject obj,
        bool dryRun)
    {
        if (UndeletableNamespaces.Contains(old.Name))
        {
            throw ApiErrors.Forbidden(resource, old.Name, "this namespace may not be deleted");
        }

        if (old.IsDeleting)
        {
            return new DeleteResult(old, false);
        }

        ObjectMetadata.Of(obj)["deletionTimestamp"] = ObjectMetadata.Timestamp(Time.GetUtcNow());
        ObjectMetadata.Of(obj)["deletionGracePeriodSeconds"] = 0;
        obj["status"] = new JsonObject { ["phase"] = "Terminating" };
        if (dryRun)
        {
            return new DeleteResult(StoredObject.Create(resource, obj, old.ResourceVersion), false);
        }

        var terminating = CommitPut(collection, resource, obj, old);
        _collector.QueueNamespace(old.Name);
        return new DeleteResult(terminating, false);
    }

    /// <summary>Follow-up of a removal under the lock: CRD contents, owner cascade, namespace cleanup.</summary>
    private bool AfterRemoval(ResourceType resource, StoredObject removed, bool propagate)
    {
        var registryChanged = false;
        if (IsCrd(resource))
        {
            RemoveCustomResourcesLocked(removed.Name);
            registryChanged = true;
        }

        if (propagate && _dependents.ContainsKey(removed.Uid))
        {
            _collector.QueueOwner(removed.Uid);
        }

        if (removed.Namespace is { } ns && CollectionOf(BuiltInResources.Namespaces).Get(ns) is { IsDeleting: true })
        {
            _collector.QueueNamespace(ns);
        }

        return registryChanged;
    }

    private void RemoveCustomResourcesLocked(string crdName)
    {
        var served = Resources.All.Where(r => r.IsCustom && $"{r.Plural}.{r.Group}" == crdName).ToList();
        if (served.Count == 0)
        {
            return;
        }

        if (_collections.TryGetValue(served[0].StorageKey, out var collection))
        {
            foreach (var obj in collection.All.ToList())
            {
                CommitRemove(collection, obj.Resource, obj.ToJsonObject(), obj);
            }

            foreach (var watcher in collection.Watchers.ToList())
            {
                watcher.Close(WatchCloseReason.ResourceRemoved);
            }

            collection.History.Clear(_resourceVersion);
            _collections.Remove(served[0].StorageKey);
        }

        Resources.RemoveCustomResources(crdName);
    }

    private void AfterLock(List<PodDeletionRequest> podRequests, bool registryChanged)
    {
        if (registryChanged)
        {
            Resources.RaiseChanged();
        }

        foreach (var request in podRequests)
        {
            PodDeletionRequested?.Invoke(request);
        }
    }

    private static void BumpGenerationIfFirstDeletion(StoredObject old, JsonObject metadata)
    {
        if (!old.IsDeleting && metadata["generation"] is JsonValue value && value.TryGetValue<long>(out var generation))
        {
            metadata["generation"] = generation + 1;
        }
    }

    private static bool IsPod(ResourceType resource) => resource.Group.Length == 0 && resource.Plural == "pods";

    private static bool IsNamespace(ResourceType resource) => resource.Group.Length == 0 && resource.Plural == "namespaces";
}
