using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using DrainSafe.Operator.Sdk.Entities;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Client;

/// <summary>
/// The runtime's calls for one entity type: list and watch over the KubernetesClient's own HTTP pipeline
/// (so the runtime controls streaming, timeouts and 410 handling), and reads and conditional writes at the paths
/// <see cref="EntityDefinition"/> gives. Works for cluster-scoped and namespaced custom entities and built-in types.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class EntityClient<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The page size of <see cref="ListAsync"/>.</summary>
    public const int DefaultPageSize = 500;

    // KubernetesJson's own options (its converters for quantities, int-or-string and dates), for streamed reads.
    private static readonly JsonSerializerOptions SerializerOptions = KubernetesSerializerOptions();

    private readonly IKubernetes client;

    /// <summary>Creates a client for <typeparamref name="TEntity"/>.</summary>
    /// <param name="client">The Kubernetes client; list and watch need a <see cref="Kubernetes"/> instance.</param>
    /// <param name="selector">Which objects list and watch cover; null for all of them.</param>
    public EntityClient(IKubernetes client, EntitySelector? selector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        Definition = EntityDefinition.For<TEntity>();
        Selector = selector ?? EntitySelector.All;
    }

    /// <summary>Which objects list and watch cover.</summary>
    public EntitySelector Selector { get; }

    /// <summary>The entity's group, version, kind and plural.</summary>
    public EntityDefinition Definition { get; }

    /// <summary>Lists every object of the type (all namespaces), page by page.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The items and the list's resourceVersion to watch from.</returns>
    public async Task<(IReadOnlyList<TEntity> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<TEntity>();
        var page = await ListPageAsync(DefaultPageSize, null, cancellationToken).ConfigureAwait(false);
        var version = page.ResourceVersion;
        items.AddRange(page.Items);
        while (page.Continue is { Length: > 0 } token)
        {
            page = await ListPageAsync(DefaultPageSize, token, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
        }

        return (items, version);
    }

    /// <summary>
    /// Lists one page of the type (all namespaces). Every page of one list shares the first page's resourceVersion.
    /// </summary>
    /// <param name="limit">The most items to return; 0 for all of them in one answer.</param>
    /// <param name="continueToken">The previous page's continue token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="KubernetesApiException">The server refused the list (410 when the continue token expired).</exception>
    public async Task<EntityListPage<TEntity>> ListPageAsync(int limit, string? continueToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var query = Selector.QueryParameters().ToList();
        if (limit > 0)
        {
            query.Add($"limit={limit}");
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            query.Add($"continue={Uri.EscapeDataString(continueToken)}");
        }

        var path = query.Count == 0 ? Definition.CollectionPath : $"{Definition.CollectionPath}?{string.Join('&', query)}";
        using var response = await SendRawAsync(path, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw Error(response.StatusCode, error, "LIST " + Definition.QualifiedPlural);
        }

        // Deserialized from the stream: a page of 500 AKS Nodes is 9 MiB of JSON, which read whole would be an 18 MiB
        // string on the large object heap per page.
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var list = await JsonSerializer.DeserializeAsync<EntityList<TEntity>>(body, SerializerOptions, cancellationToken).ConfigureAwait(false)
            ?? throw new KubernetesApiException(response.StatusCode, null, "LIST " + Definition.QualifiedPlural + " answered null");
        return new EntityListPage<TEntity>(
            (IReadOnlyList<TEntity>?)list.Items ?? [], list.Metadata?.ResourceVersion ?? string.Empty, list.Metadata?.ContinueProperty);
    }

    /// <summary>
    /// Opens a watch from <paramref name="resourceVersion"/> with bookmarks. The caller owns the response
    /// and reads one JSON event per line; the response is streamed, so the client timeout does not bound it.
    /// </summary>
    /// <param name="resourceVersion">Where to start: a list's or the last event's resourceVersion.</param>
    /// <param name="timeoutSeconds">The server ends the watch after this long, so it recycles.</param>
    /// <param name="cancellationToken">Cancels the request and the stream.</param>
    /// <exception cref="KubernetesApiException">The server refused the watch (410 when the version is too old).</exception>
    public async Task<HttpResponseMessage> WatchAsync(string resourceVersion, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var path = $"{Definition.CollectionPath}?watch=true&allowWatchBookmarks=true&timeoutSeconds={timeoutSeconds}"
            + $"&resourceVersion={Uri.EscapeDataString(resourceVersion)}"
            + string.Concat(Selector.QueryParameters().Select(p => "&" + p));
        var response = await SendRawAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw Error(response.StatusCode, body, "WATCH " + Definition.QualifiedPlural);
        }
    }

    /// <summary>Reads one object; null when it does not exist.</summary>
    /// <param name="namespaceName">The namespace; ignored for a cluster-scoped entity.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="KubernetesApiException">The server refused the read.</exception>
    public async Task<TEntity?> GetAsync(string? namespaceName, string name, CancellationToken cancellationToken)
    {
        var path = Definition.ObjectPath(ScopedNamespace(namespaceName, name), name);
        try
        {
            return await SendObjectAsync(HttpMethod.Get, path, null, "GET", name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Patches one object (a custom entity or a built-in such as a Node) and returns it as the server stored it.</summary>
    /// <param name="namespaceName">The namespace; ignored for a cluster-scoped entity.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="patch">The patch and its type (JSON Patch, merge patch, or strategic merge patch for built-ins).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="KubernetesApiException">404 when the object is gone, 422 when a JSON Patch <c>test</c> failed.</exception>
    public Task<TEntity> PatchAsync(string? namespaceName, string name, V1Patch patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var path = Definition.ObjectPath(ScopedNamespace(namespaceName, name), name);
        var body = new StringContent(patch.Content as string ?? KubernetesJson.Serialize(patch.Content));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(patch.Type switch
        {
            V1Patch.PatchType.JsonPatch => "application/json-patch+json",
            V1Patch.PatchType.MergePatch => "application/merge-patch+json",
            V1Patch.PatchType.StrategicMergePatch => "application/strategic-merge-patch+json",
            V1Patch.PatchType.ApplyPatch => "application/apply-patch+yaml",
            _ => throw new ArgumentException($"Unknown patch type {patch.Type}.", nameof(patch)),
        });
        return SendObjectAsync(HttpMethod.Patch, path, body, "PATCH", name, cancellationToken)!;
    }

    /// <summary>
    /// Adds finalizers with a JSON Patch conditional on the object's resourceVersion (never a full PUT).
    /// </summary>
    /// <param name="entity">The object as last read.</param>
    /// <param name="finalizers">The identifiers to add; ones already present are kept once.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object as the server stored it.</returns>
    /// <exception cref="KubernetesApiException">422 when the object changed since it was read, 404 when it is gone.</exception>
    public Task<TEntity> AddFinalizersAsync(TEntity entity, IEnumerable<string> finalizers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var current = entity.Metadata.Finalizers ?? [];
        var wanted = current.Concat(finalizers.Where(f => !current.Contains(f))).Distinct(StringComparer.Ordinal).ToList();
        return PatchFinalizersAsync(entity, wanted, cancellationToken);
    }

    /// <summary>
    /// Removes one finalizer with a JSON Patch conditional on the object's resourceVersion.
    /// </summary>
    /// <param name="entity">The object as last read.</param>
    /// <param name="finalizer">The identifier to remove.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object as the server stored it.</returns>
    /// <exception cref="KubernetesApiException">422 when the object changed since it was read, 404 when it is gone.</exception>
    public Task<TEntity> RemoveFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var remaining = (entity.Metadata.Finalizers ?? []).Where(f => f != finalizer).ToList();
        return PatchFinalizersAsync(entity, remaining, cancellationToken);
    }

    /// <summary>
    /// Replaces the status subresource. The body's resourceVersion makes the write conditional.
    /// </summary>
    /// <param name="entity">The object with the new status and the resourceVersion it was read at.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object as the server stored it.</returns>
    /// <exception cref="KubernetesApiException">409 when the object changed since it was read.</exception>
    public Task<TEntity> ReplaceStatusAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var name = entity.Metadata.Name;
        var path = Definition.ObjectPath(ScopedNamespace(entity.Metadata.NamespaceProperty, name), name) + "/status";
        var body = new StringContent(KubernetesJson.Serialize(entity));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return SendObjectAsync(HttpMethod.Put, path, body, "PUT status of", name, cancellationToken)!;
    }

    private Task<TEntity> PatchFinalizersAsync(TEntity entity, List<string> finalizers, CancellationToken cancellationToken)
    {
        var operations = new JsonPatchBuilder().TestResourceVersion(entity.Metadata.ResourceVersion);
        if (finalizers.Count > 0)
        {
            // "add" on an existing member replaces it (RFC 6902), so one op covers both cases.
            operations.Add("/metadata/finalizers", new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()));
        }
        else if (entity.Metadata.Finalizers is { Count: > 0 })
        {
            operations.Remove("/metadata/finalizers");
        }

        return PatchAsync(entity.Metadata.NamespaceProperty, entity.Metadata.Name, operations.ToPatch(), cancellationToken);
    }

    // The path follows the entity's declared scope, not whatever namespace a hand-built object carries.
    private string? ScopedNamespace(string? namespaceName, string name)
    {
        if (Definition.Scope == EntityScope.Cluster)
        {
            return null;
        }

        return string.IsNullOrEmpty(namespaceName)
            ? throw new ArgumentException(
                $"{Definition.QualifiedPlural} \"{name}\" is namespaced but has no namespace: set metadata.namespace, or mark {typeof(TEntity).Name} with [EntityScope(EntityScope.Cluster)].",
                nameof(namespaceName))
            : namespaceName;
    }

    private async Task<TEntity?> SendObjectAsync(
        HttpMethod method, string path, HttpContent? body, string verb, string name, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(path, cancellationToken, method, body).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response.StatusCode, text, $"{verb} {Definition.QualifiedPlural} \"{name}\"");
        }

        return KubernetesJson.Deserialize<TEntity>(text);
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        string pathAndQuery, CancellationToken cancellationToken, HttpMethod? method = null, HttpContent? body = null)
    {
        if (client is not Kubernetes kubernetes)
        {
            body?.Dispose();
            throw new InvalidOperationException(
                $"Calling the API for {Definition.QualifiedPlural} needs a k8s.Kubernetes client (its HTTP pipeline); got {client.GetType().FullName}.");
        }

        var uri = new Uri(kubernetes.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery);
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, uri) { Content = body };
        request.Headers.Accept.ParseAdd("application/json");
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await kubernetes.HttpClient
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
    }

    private static JsonSerializerOptions KubernetesSerializerOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson gave no serializer options.");
    }

    private static KubernetesApiException Error(HttpStatusCode code, string body, string what)
    {
        V1Status? status = null;
        try
        {
            status = body.Length > 0 ? KubernetesJson.Deserialize<V1Status>(body) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status object; the raw body goes into the message instead.
        }

        var detail = status?.Message ?? (body.Length > 200 ? body[..200] : body);
        return new KubernetesApiException(code, status, $"{what} answered {(int)code} {code}: {detail}");
    }
}
