using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DrainSafe.Agent.Health;
using DrainSafe.Entities;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Agent.Kubernetes;

/// <summary>
/// Every API server call the agent makes, and nothing else does: read its Node, read/create its NodeMaintenance,
/// merge-patch the spec, merge-patch <c>status.approvedEventIds</c>, and list/watch its own object by
/// <c>fieldSelector=metadata.name=NODE</c>. It compiles against KubernetesClient and KubernetesClient.Aot alike (the
/// watch is its own, over the client's HttpClient, since the Aot package has none). Every answer (any status)
/// marks the API server reachable in <see cref="AgentHealth"/>; a failed connection marks it unreachable.
/// </summary>
public sealed class NodeMaintenanceApi : IDisposable
{
    private const string Group = NodeMaintenance.GroupName;
    private const string Version = NodeMaintenance.Version;
    private const string Plural = NodeMaintenance.Plural;
    private const string FieldManager = "drainsafe-agent";

    private readonly k8s.Kubernetes client;
    private readonly AgentHealth health;

#if KUBERNETES_CLIENT_AOT
    // KubernetesClient.Aot knows only its own models: teach it NodeMaintenance once, before the first call.
    static NodeMaintenanceApi() => KubernetesJson.AddJsonOptions(o => o.TypeInfoResolverChain.Add(NodeMaintenanceJsonContext.Default));
#endif

    /// <summary>Creates a client of its own (own HTTP connection pool) for <paramref name="configuration"/>.</summary>
    public NodeMaintenanceApi(KubernetesClientConfiguration configuration, AgentHealth health)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(health);
        client = new k8s.Kubernetes(configuration);
        this.health = health;
    }

    /// <summary>The Node's uid (for the owner reference); null when the Node does not exist.</summary>
    public Task<string?> GetNodeUidAsync(string nodeName, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        try
        {
            var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
            return node.Metadata?.Uid;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    });

    /// <summary>Reads the node's NodeMaintenance; null when it does not exist.</summary>
    public Task<NodeMaintenance?> GetAsync(string nodeName, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        try
        {
            return await client.CustomObjects.GetClusterCustomObjectAsync<NodeMaintenance>(Group, Version, Plural, nodeName, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    });

    /// <summary>
    /// Creates the node's NodeMaintenance with <paramref name="spec"/> and an owner reference to the Node; null when
    /// it exists already (409: adopt it instead).
    /// </summary>
    public Task<NodeMaintenance?> CreateAsync(NodeMaintenanceSpec spec, string nodeUid, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        var body = new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = NodeMaintenance.KindName,
            ["metadata"] = new JsonObject
            {
                ["name"] = spec.NodeName,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = V1Node.KubeApiVersion,
                    ["kind"] = V1Node.KubeKind,
                    ["name"] = spec.NodeName,
                    ["uid"] = nodeUid,
                }),
            },
            ["spec"] = SpecJson(spec),
        };
        try
        {
            return await client.CustomObjects.CreateClusterCustomObjectAsync<NodeMaintenance>(
                body, Group, Version, Plural, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    });

    /// <summary>Merge-patches the whole spec (lists are replaced as a whole); null when the object does not exist.</summary>
    public Task<NodeMaintenance?> PatchSpecAsync(NodeMaintenanceSpec spec, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        var patch = new JsonObject { ["spec"] = SpecJson(spec) };
        try
        {
            return await client.CustomObjects.PatchClusterCustomObjectAsync<NodeMaintenance>(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, Plural, spec.NodeName,
                fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    });

    /// <summary>
    /// Merge-patches the status subresource with <c>approvedEventIds</c> alone (the full set: a merge patch
    /// replaces a list); null when the object does not exist.
    /// </summary>
    public Task<NodeMaintenance?> PatchApprovedEventIdsAsync(string nodeName, IReadOnlyCollection<string> approvedEventIds, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(approvedEventIds);
            var ids = new JsonArray(approvedEventIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
            var patch = new JsonObject { ["status"] = new JsonObject { ["approvedEventIds"] = ids } };
            try
            {
                return await client.CustomObjects.PatchClusterCustomObjectStatusAsync<NodeMaintenance>(
                    new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, Plural, nodeName,
                    fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        });

    /// <summary>Lists the node's own object (fieldSelector on its name): the object, if any, and the list's resourceVersion.</summary>
    public Task<(NodeMaintenance? Object, string ResourceVersion)> ListOwnAsync(string nodeName, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        using var response = await SendRawAsync(CollectionQuery(nodeName), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"LIST {Plural} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(body);
        var resourceVersion = document.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString() ?? string.Empty;
        var items = document.RootElement.GetProperty("items");
        var item = items.GetArrayLength() > 0 ? KubernetesJson.Deserialize<NodeMaintenance>(items[0].GetRawText()) : null;
        return (item, resourceVersion);
    });

    /// <summary>
    /// Watches the node's own object from <paramref name="resourceVersion"/> until the server ends the watch
    /// (after <paramref name="timeout"/>) or the connection drops.
    /// </summary>
    /// <param name="nodeName">The node, i.e. the object's name.</param>
    /// <param name="resourceVersion">Where to start.</param>
    /// <param name="timeout">The server ends the watch after this long.</param>
    /// <param name="connected">Called once the server has accepted the watch (200).</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <exception cref="WatchExpiredException">The resourceVersion is too old: list again.</exception>
    public async IAsyncEnumerable<WatchedChange> WatchOwnAsync(
        string nodeName, string resourceVersion, TimeSpan timeout, Action connected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = CollectionQuery(nodeName)
            + $"&watch=true&allowWatchBookmarks=true&timeoutSeconds={(int)timeout.TotalSeconds}&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        var response = await CallAsync(() => SendRawAsync(query, cancellationToken)).ConfigureAwait(false);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                throw new WatchExpiredException();
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"WATCH {Plural} answered {(int)response.StatusCode}", null, response.StatusCode);
            }

            connected();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                yield return ParseWatchLine(line);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private static WatchedChange ParseWatchLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var type = document.RootElement.GetProperty("type").GetString() ?? string.Empty;
        var element = document.RootElement.GetProperty("object");
        if (type == "ERROR")
        {
            var code = element.TryGetProperty("code", out var c) && c.TryGetInt32(out var value) ? value : 0;
            var message = element.TryGetProperty("message", out var m) ? m.GetString() : null;
            throw code == (int)HttpStatusCode.Gone
                ? new WatchExpiredException(message ?? "The watch expired (410).")
                : new HttpRequestException($"The watch ended with an ERROR event {code}: {message}");
        }

        var resourceVersion = element.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var rv)
            ? rv.GetString() ?? string.Empty
            : string.Empty;
        var entity = type == "BOOKMARK" ? null : KubernetesJson.Deserialize<NodeMaintenance>(element.GetRawText());
        return new WatchedChange(type, entity, resourceVersion);
    }

    private static JsonNode? SpecJson(NodeMaintenanceSpec spec) => JsonNode.Parse(KubernetesJson.Serialize(spec));

    private static string CollectionQuery(string nodeName) =>
        $"apis/{Group}/{Version}/{Plural}?fieldSelector={Uri.EscapeDataString("metadata.name=" + nodeName)}";

    private async Task<HttpResponseMessage> SendRawAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var uri = new Uri(client.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            health.ApiAnswered(true);
            return result;
        }
        catch (HttpOperationException)
        {
            health.ApiAnswered(true);
            throw;
        }
        catch (HttpRequestException e)
        {
            health.ApiAnswered(e.StatusCode is not null);
            throw;
        }
    }
}
