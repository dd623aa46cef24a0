using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Admission;
using DrainSafe.Sandbox.Api.Deletion;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Selection;
using k8s;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>
/// The in-memory object store behind the API server, usable in-process with the same semantics as HTTP:
/// one global resourceVersion counter, conditional writes, finalizers, owner cascade and watch events.
/// </summary>
/// <remarks>
/// Every write runs under one lock (like etcd serializing revisions); reads take it only long enough to copy
/// references. Objects are kept as serialized JSON and served as is.
/// </remarks>
public sealed partial class ObjectStore : IAsyncDisposable
{
    private const string ExactMatch = "Exact";
    private const string NotOlderThanMatch = "NotOlderThan";
    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceCollection> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string Storage, string Key)>> _dependents = new(StringComparer.Ordinal);
    private readonly SandboxApiServerOptions _options;
    private readonly GarbageCollector _collector;
    private readonly AdmissionPolicyCache _admissionPolicies = new();
    private readonly ITimer _bookmarkTimer;
    private long _resourceVersion;
    private long _expireBefore;
    private int _expireNext;

    /// <summary>Creates an empty store with the four initial namespaces.</summary>
    public ObjectStore(SandboxApiServerOptions? options = null)
    {
        _options = options ?? new SandboxApiServerOptions();
        Resources = new ResourceRegistry();
        _collector = new GarbageCollector(this);
        foreach (var name in InitialNamespaces)
        {
            Create(BuiltInResources.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }

        var interval = _options.BookmarkInterval > TimeSpan.Zero ? _options.BookmarkInterval : Timeout.InfiniteTimeSpan;
        _bookmarkTimer = Time.CreateTimer(_ => SendBookmarks(), null, interval, interval);
    }

    /// <summary>The resources served now (built-ins and CRD-defined).</summary>
    public ResourceRegistry Resources { get; }

    /// <summary>The store's clock.</summary>
    public TimeProvider Time => _options.Time;

    /// <summary>The newest resourceVersion handed out.</summary>
    public long CurrentResourceVersion => Interlocked.Read(ref _resourceVersion);

    /// <summary>Watches open right now (HTTP and in-process), e.g. to wait until a client's watch is established.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _collections.Values.Sum(c => c.Watchers.Count);
            }
        }
    }

    /// <summary>Open watches of one resource right now.</summary>
    public int OpenWatchCountOf(ResourceType resource)
    {
        lock (_gate)
        {
            return _collections.TryGetValue(resource.StorageKey, out var collection) ? collection.Watchers.Count : 0;
        }
    }

    /// <summary>Raised (outside the store lock) when a bound pod gets a deletionTimestamp under graceful deletion.</summary>
    public event Action<PodDeletionRequest>? PodDeletionRequested;

    /// <summary>The object, or null when it does not exist.</summary>
    public StoredObject? Get(ResourceType resource, string? @namespace, string name)
    {
        resource = Resolve(resource);
        lock (_gate)
        {
            return CollectionOf(resource).Get(KeyOf(resource, @namespace, name));
        }
    }

    /// <summary>
    /// Lists objects sorted by namespace/name, filtered by selectors, one page at a time. At a resourceVersion with
    /// <c>Exact</c> (or a paged legacy list) it answers the state of that version: 410 Expired once the history is
    /// compacted past it, 504 Timeout for a version not reached yet. The next page of a list whose first page's version
    /// has been compacted is 410 Expired too.
    /// </summary>
    public ListResult List(ResourceType resource, ListOptions? options = null)
    {
        options ??= new ListOptions();
        resource = Resolve(resource);
        var labels = LabelSelector.Parse(options.LabelSelector);
        var fields = ParseFields(resource, options.FieldSelector);
        var token = ContinueToken.Decode(options.Continue);
        var nodeName = fields.EqualityValue("spec.nodeName");
        var @namespace = options.Namespace ?? (resource.Namespaced ? fields.EqualityValue("metadata.namespace") : null);
        var (exact, notOlderThan) = ListVersionOf(options);
        List<StoredObject> candidates;
        long listVersion;
        lock (_gate)
        {
            var collection = CollectionOf(resource);
            if (Math.Max(exact ?? 0, notOlderThan ?? 0) is var wanted && wanted > _resourceVersion)
            {
                throw ApiErrors.ResourceVersionTooLarge(wanted, _resourceVersion);
            }

            if (token is { IsInconsistent: false } && token.ResourceVersion < Math.Max(collection.History.CompactedThrough, _expireBefore))
            {
                // Every page answers the first page's version; once that is compacted the list cannot go on consistently.
                throw ApiErrors.ContinueTooOld((token with { ResourceVersion = ContinueToken.Newest }).Encode());
            }

            if (exact is { } at && at != _resourceVersion)
            {
                candidates = StateAtLocked(collection, at, @namespace, collection.IndexesNodes ? nodeName : null, token?.StartAfter);
                listVersion = at;
            }
            else
            {
                candidates = collection.Snapshot(@namespace, nodeName, token?.StartAfter);
                listVersion = token is { IsInconsistent: false } ? token.ResourceVersion : _resourceVersion;
            }
        }

        var limit = options.Limit > 0 ? options.Limit : int.MaxValue;
        var items = new List<StoredObject>(Math.Min(candidates.Count, limit));
        long remaining = 0;
        foreach (var candidate in candidates)
        {
            if ((!labels.IsEmpty && !labels.Matches(candidate.Labels)) || (!fields.IsEmpty && !fields.Matches(candidate.FieldValue)))
            {
                continue;
            }

            if (items.Count < limit)
            {
                items.Add(candidate);
            }
            else
            {
                remaining++;
            }
        }

        var next = remaining > 0 ? new ContinueToken(listVersion, items[^1].Key).Encode() : null;
        return new ListResult(items, listVersion, next, remaining > 0 ? remaining : null);
    }

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it first replays the current objects as ADDED; from an
    /// older resourceVersion than the history keeps, it yields one 410 Expired ERROR event and ends.
    /// </summary>
    public WatchSubscription Watch(ResourceType resource, WatchOptions? options = null)
    {
        options ??= new WatchOptions();
        resource = Resolve(resource);
        var labels = LabelSelector.Parse(options.LabelSelector);
        var fields = ParseFields(resource, options.FieldSelector);
        var fromVersion = ParseResourceVersion(options.ResourceVersion);
        lock (_gate)
        {
            var collection = CollectionOf(resource);
            var subscription = new WatchSubscription(resource, options, labels, fields,
                collection.IndexesNodes ? fields.EqualityValue("spec.nodeName") : null,
                options.QueueCapacity ?? _options.WatchQueueCapacity, Unsubscribe);
            var expireNext = Interlocked.Exchange(ref _expireNext, 0) == 1;
            var oldest = Math.Max(collection.History.CompactedThrough, _expireBefore);
            if (expireNext || (fromVersion > 0 && fromVersion < oldest))
            {
                subscription.AddBacklogUnfiltered(WatchEvent.Expired(resource, fromVersion, Math.Max(oldest, _resourceVersion)));
                subscription.Close(WatchCloseReason.Expired);
                return subscription;
            }

            if (fromVersion == 0)
            {
                foreach (var obj in collection.Snapshot(options.Namespace, fields.EqualityValue("spec.nodeName"), null))
                {
                    subscription.AddBacklog(new WatchEvent(WatchEventType.Added, resource, obj, obj.ResourceVersion));
                }
            }
            else
            {
                foreach (var past in collection.History.Since(fromVersion))
                {
                    subscription.AddBacklog(past);
                }
            }

            collection.Watchers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Stops timers and the garbage collector and closes every watch.</summary>
    public async ValueTask DisposeAsync()
    {
        await _bookmarkTimer.DisposeAsync().ConfigureAwait(false);
        CloseAllWatches(WatchCloseReason.Disposed);
        await _collector.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes every open watch (fault injection and shutdown).</summary>
    internal void CloseAllWatches(WatchCloseReason reason)
    {
        List<WatchSubscription> all;
        lock (_gate)
        {
            all = _collections.Values.SelectMany(c => c.Watchers.ToList()).ToList();
        }

        foreach (var watcher in all)
        {
            watcher.Close(reason);
        }
    }

    /// <summary>Makes the next watch, whatever its resourceVersion, answer 410 Expired.</summary>
    internal void ExpireNextWatch() => Interlocked.Exchange(ref _expireNext, 1);

    /// <summary>Makes every watch from a resourceVersion below this one answer 410 Expired.</summary>
    internal void ExpireWatchesBefore(long resourceVersion)
    {
        lock (_gate)
        {
            _expireBefore = Math.Max(_expireBefore, resourceVersion);
        }
    }

    internal static string KeyOf(ResourceType resource, string? @namespace, string name) =>
        resource.Namespaced ? $"{@namespace}/{name}" : name;

    /// <summary>Returns the currently registered instance of a resource; 404 when it is no longer served.</summary>
    internal ResourceType Resolve(ResourceType resource) =>
        Resources.Find(resource.Group, resource.Version, resource.Plural) ?? throw ApiErrors.PathNotFound();

    private static FieldSelector ParseFields(ResourceType resource, string? text) =>
        FieldSelector.Parse(text, field => field is "metadata.name" || (field == "metadata.namespace" && resource.Namespaced)
            || resource.SelectableFields.Contains(field));

    private static long ParseResourceVersion(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return long.TryParse(text, out var value) && value >= 0
            ? value
            : throw ApiErrors.BadRequest($"resourceVersion: Invalid value: \"{text}\": must be a non-negative integer");
    }

    /// <summary>
    /// The list's resourceVersion semantics: Exact (or a legacy paged list at a version) reads that version; NotOlderThan
    /// (or a legacy unpaged list at a version) reads the newest state; "0" or none reads the newest state.
    /// </summary>
    private static (long? Exact, long? NotOlderThan) ListVersionOf(ListOptions options)
    {
        var text = options.ResourceVersion;
        var match = options.ResourceVersionMatch;
        if (!string.IsNullOrEmpty(match))
        {
            var causes = new List<StatusCause>();
            if (string.IsNullOrEmpty(text))
            {
                causes.Add(ForbiddenMatch("resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }

            if (!string.IsNullOrEmpty(options.Continue))
            {
                causes.Add(ForbiddenMatch("resourceVersionMatch is forbidden when continue is provided"));
            }

            if (match is not (ExactMatch or NotOlderThanMatch))
            {
                causes.Add(new StatusCause("FieldValueNotSupported",
                    $"Unsupported value: \"{match}\": supported values: \"{ExactMatch}\", \"{NotOlderThanMatch}\", \"\"", "resourceVersionMatch"));
            }

            if (match == ExactMatch && text == "0")
            {
                causes.Add(ForbiddenMatch("resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }

            if (causes.Count > 0)
            {
                throw ApiErrors.InvalidOptions("ListOptions", causes);
            }
        }

        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        if (!string.IsNullOrEmpty(options.Continue))
        {
            return text == "0" ? (null, null) : throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        var version = ParseResourceVersion(text);
        if (version == 0)
        {
            return (null, null);
        }

        return match == ExactMatch || (string.IsNullOrEmpty(match) && options.Limit > 0) ? (version, null) : (null, version);
    }

    private static StatusCause ForbiddenMatch(string message) => new("FieldValueForbidden", $"Forbidden: {message}", "resourceVersionMatch");

    /// <summary>The objects as they were at a past resourceVersion, rebuilt by undoing the history since; 410 when it is gone.</summary>
    private List<StoredObject> StateAtLocked(ResourceCollection collection, long resourceVersion, string? @namespace, string? nodeName,
        string? afterKey)
    {
        if (resourceVersion < Math.Max(collection.History.CompactedThrough, _expireBefore))
        {
            throw ApiErrors.ListTooOld();
        }

        var state = collection.All.ToDictionary(o => o.Key, StringComparer.Ordinal);
        var changes = collection.History.Since(resourceVersion);
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var change = changes[i];
            if (change.Previous is { } before)
            {
                state[before.Key] = before;
            }
            else if (change.Object is { } added)
            {
                state.Remove(added.Key);
            }
        }

        return state.Values
            .Where(o => (@namespace is null || o.Namespace == @namespace) && (nodeName is null || o.NodeName == nodeName)
                && (afterKey is null || string.CompareOrdinal(o.Key, afterKey) > 0))
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Validating admission of a request's write, under the lock: the stored ValidatingAdmissionPolicies and bindings
    /// decide; a denial throws its Status. The sandbox's own writes (no user) are not admitted.
    /// </summary>
    private void Admit(AdmissionRequest request)
    {
        var policies = CollectionOf(BuiltInResources.ValidatingAdmissionPolicies);
        if (policies.Count == 0)
        {
            return;
        }

        var decision = ValidatingAdmission.Decide(_admissionPolicies.Policies(policies.All),
            _admissionPolicies.Bindings(CollectionOf(BuiltInResources.ValidatingAdmissionPolicyBindings).All), request);
        if (decision is not null)
        {
            throw new ApiException(decision);
        }
    }

    /// <summary>A ValidatingAdmissionPolicy is refused (422) when one of its expressions does not compile, as the real server refuses it.</summary>
    private static void CheckAdmissionPolicy(ResourceType resource, JsonObject policy, string name)
    {
        if (resource.Group == BuiltInResources.ValidatingAdmissionPolicies.Group && resource.Plural == BuiltInResources.ValidatingAdmissionPolicies.Plural
            && AdmissionPolicy.Compile(policy).Causes is { Count: > 0 } causes)
        {
            throw ApiErrors.Invalid(resource, name, causes);
        }
    }

    private ResourceCollection CollectionOf(ResourceType resource)
    {
        if (!_collections.TryGetValue(resource.StorageKey, out var collection))
        {
            collection = new ResourceCollection(resource, _options.WatchHistoryPerResource);
            _collections[resource.StorageKey] = collection;
        }

        return collection;
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (_collections.TryGetValue(subscription.Resource.StorageKey, out var collection))
            {
                collection.Watchers.Remove(subscription);
            }
        }
    }

    private void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var collection in _collections.Values)
            {
                collection.Watchers.DeliverBookmarks(_resourceVersion);
            }
        }
    }

    /// <summary>Stores a new version of an object under the lock: next resourceVersion, indexes, history, watchers.</summary>
    private StoredObject CommitPut(ResourceCollection collection, ResourceType resource, JsonObject obj, StoredObject? previous)
    {
        var version = ++_resourceVersion;
        ObjectMetadata.Of(obj)["resourceVersion"] = ObjectMetadata.Format(version);
        var stored = StoredObject.Create(resource, obj, version);
        collection.Put(stored);
        Reindex(stored, previous);
        Publish(collection, new WatchEvent(previous is null ? WatchEventType.Added : WatchEventType.Modified,
            resource, stored, version, previous));
        return stored;
    }

    /// <summary>Removes an object under the lock; its last state (with a new resourceVersion) goes to watchers as DELETED.</summary>
    private StoredObject CommitRemove(ResourceCollection collection, ResourceType resource, JsonObject finalState, StoredObject previous)
    {
        var version = ++_resourceVersion;
        ObjectMetadata.Of(finalState)["resourceVersion"] = ObjectMetadata.Format(version);
        var stored = StoredObject.Create(resource, finalState, version);
        collection.Remove(previous.Key);
        Reindex(null, previous);
        Publish(collection, new WatchEvent(WatchEventType.Deleted, resource, stored, version, previous));
        return stored;
    }

    private void Publish(ResourceCollection collection, WatchEvent watchEvent)
    {
        collection.History.Append(watchEvent);
        collection.Watchers.Deliver(watchEvent);
    }

    private void Reindex(StoredObject? current, StoredObject? previous)
    {
        if (previous is not null)
        {
            _byUid.Remove(previous.Uid);
            foreach (var owner in previous.OwnerUids)
            {
                if (_dependents.TryGetValue(owner, out var set))
                {
                    set.Remove((previous.Resource.StorageKey, previous.Key));
                    if (set.Count == 0)
                    {
                        _dependents.Remove(owner);
                    }
                }
            }
        }

        if (current is not null)
        {
            _byUid[current.Uid] = current;
            foreach (var owner in current.OwnerUids)
            {
                if (!_dependents.TryGetValue(owner, out var set))
                {
                    _dependents[owner] = set = [];
                }

                set.Add((current.Resource.StorageKey, current.Key));
            }
        }
    }
}
