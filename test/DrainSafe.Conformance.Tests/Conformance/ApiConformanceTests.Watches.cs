using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using k8s;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Watch_without_a_resourceVersion_replays_existing_objects_as_ADDED_then_streams_changes()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("replay");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));

        await using var watch = await RawWatch.OpenAsync(Http,
            $"{NodeMaintenanceCrd.CollectionPath}?watch=true&fieldSelector=metadata.name%3D{name}&timeoutSeconds=60", Ct);
        var first = await watch.NextAsync(EventTimeout, Ct);

        Assert.NotNull(first);
        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal(name, first["object"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(NodeMaintenanceCrd.Kind, first["object"]!["kind"]!.GetValue<string>());

        await PatchDocumentIncarnationAsync(name, 2);
        var modified = await watch.NextAsync(EventTimeout, Ct);
        Assert.NotNull(modified);
        Assert.Equal("MODIFIED", modified["type"]!.GetValue<string>());
        Assert.Equal(2, modified["object"]!["spec"]!["documentIncarnation"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task Watch_from_a_list_resourceVersion_delivers_only_later_changes_to_KubernetesClient()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("resume");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        var list = await GetAsync($"{NodeMaintenanceCrd.CollectionPath}?fieldSelector=metadata.name%3D{name}");
        var listVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        await PatchDocumentIncarnationAsync(name, 3);

        var errors = new List<Exception>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(EventTimeout);
        (WatchEventType Type, JsonElement Object)? first = null;
        await foreach (var (type, item) in Backend.Client.CustomObjects.WatchListClusterCustomObjectAsync(
            NodeMaintenanceCrd.Group, NodeMaintenanceCrd.Version, NodeMaintenanceCrd.Plural,
            fieldSelector: $"metadata.name={name}", resourceVersion: listVersion, timeoutSeconds: 60,
            onError: errors.Add, cancellationToken: stop.Token))
        {
            first = (type, item as JsonElement? ?? JsonSerializer.SerializeToElement(item));
            break;
        }

        Assert.Empty(errors);
        Assert.NotNull(first);
        Assert.Equal(WatchEventType.Modified, first.Value.Type);
        Assert.Equal(3, first.Value.Object.GetProperty("spec").GetProperty("documentIncarnation").GetInt32());
    }

    [SkippableFact]
    public async Task Bookmark_carries_only_a_resourceVersion_past_filtered_out_changes_and_resuming_from_it_skips_them()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var watched = UniqueName("bookmark");
        var other = UniqueName("bookmark-other");
        await CreateNodeMaintenanceAsync(NodeMaintenance(watched));
        await CreateNodeMaintenanceAsync(NodeMaintenance(other));
        var list = await GetAsync($"{NodeMaintenanceCrd.CollectionPath}?fieldSelector=metadata.name%3D{watched}");
        var listVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();

        var events = new List<JsonObject>();
        // kube-apiserver v1.20 sends a bookmark 2 s before the watch times out, and only once the resource changed
        // after the watch's resourceVersion: the change to the other object, which this watch's selector filters out.
        await using (var watch = await RawWatch.OpenAsync(Http,
            $"{NodeMaintenanceCrd.CollectionPath}?watch=true&allowWatchBookmarks=true&resourceVersion={listVersion}" +
            $"&fieldSelector=metadata.name%3D{watched}&timeoutSeconds=5", Ct))
        {
            await PatchDocumentIncarnationAsync(other, 2);
            while (await watch.NextAsync(EventTimeout, Ct) is { } next)
            {
                events.Add(next);
            }
        }

        Assert.All(events, e => Assert.Equal("BOOKMARK", e["type"]?.GetValue<string>()));
        var bookmark = Assert.IsType<JsonObject>(events.LastOrDefault(), exactMatch: false);
        var item = bookmark["object"]!.AsObject();
        Assert.Equal(NodeMaintenanceCrd.Kind, item["kind"]?.GetValue<string>());
        Assert.Equal(NodeMaintenanceCrd.ApiVersion, item["apiVersion"]?.GetValue<string>());
        Assert.Equal(["apiVersion", "kind", "metadata"], item.Select(p => p.Key).Order(StringComparer.Ordinal));
        var metadata = item["metadata"]!.AsObject();
        Assert.Equal(["resourceVersion"], metadata.Select(p => p.Key));
        var bookmarkVersion = metadata["resourceVersion"]!.GetValue<string>();

        await PatchDocumentIncarnationAsync(watched, 4);
        await using var resumed = await RawWatch.OpenAsync(Http,
            $"{NodeMaintenanceCrd.CollectionPath}?watch=true&resourceVersion={bookmarkVersion}&timeoutSeconds=60", Ct);
        var first = await resumed.NextAsync(EventTimeout, Ct);
        Assert.NotNull(first);
        Assert.Equal("MODIFIED", first["type"]!.GetValue<string>());
        Assert.Equal(watched, first["object"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(4, first["object"]!["spec"]!["documentIncarnation"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task Watch_from_a_compacted_resourceVersion_gets_one_410_Expired_ERROR_event_and_the_stream_ends()
    {
        Backend.RequireAvailable();
        var name = UniqueName("expired");
        var created = await Http.PostApiAsync("/api/v1/namespaces/default/configmaps", ConfigMap(name, "1"), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        var oldVersion = ResourceVersion(created.Body);
        var latest = created;
        foreach (var value in new[] { "2", "3" })
        {
            var patch = new JsonObject { ["data"] = new JsonObject { ["value"] = value } };
            latest = await Http.PatchApiAsync($"/api/v1/namespaces/default/configmaps/{name}", patch, RawApi.MergePatch, Ct);
            Assert.True(latest.StatusCode == HttpStatusCode.OK, latest.ToString());
        }

        await Backend.ExpireHistoryBeforeAsync(ResourceVersion(latest.Body), Ct);

        await using var watch = await RawWatch.OpenAsync(Http,
            $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={oldVersion}&fieldSelector=metadata.name%3D{name}", Ct);
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        var error = await watch.NextAsync(EventTimeout, Ct);

        Assert.NotNull(error);
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        StatusAssert.AssertShape(error["object"]!.AsObject(), 410, "Expired", error.ToJsonString());
        Assert.Null(await watch.NextAsync(EventTimeout, Ct));
    }

    [SkippableFact]
    public async Task Exact_list_from_a_compacted_resourceVersion_gets_410_Expired()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("exact");
        var created = await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        await PatchDocumentIncarnationAsync(name, 2);
        var latest = await PatchDocumentIncarnationAsync(name, 3);
        var exactNow = await Http.GetApiAsync(
            $"{NodeMaintenanceCrd.CollectionPath}?resourceVersion={ResourceVersion(latest)}&resourceVersionMatch=Exact", Ct);
        Assert.True(exactNow.StatusCode == HttpStatusCode.OK, exactNow.ToString());
        Assert.Equal(ResourceVersion(latest), exactNow.Body["metadata"]!["resourceVersion"]!.GetValue<string>());

        await Backend.ExpireHistoryBeforeAsync(ResourceVersion(latest), Ct);
        var response = await Http.GetApiAsync(
            $"{NodeMaintenanceCrd.CollectionPath}?resourceVersion={ResourceVersion(created)}&resourceVersionMatch=Exact", Ct);

        StatusAssert.Failure(response, HttpStatusCode.Gone, "Expired", "The resourceVersion for the provided list is too old.");
    }

    [SkippableFact]
    public async Task The_next_page_of_a_list_whose_first_page_was_compacted_away_gets_410_Expired()
    {
        Backend.RequireAvailable();
        var label = UniqueName("pages");
        foreach (var index in new[] { "1", "2", "3" })
        {
            var configMap = ConfigMap($"{label}-{index}", index);
            configMap["metadata"]!["labels"] = new JsonObject { ["pages"] = label };
            var created = await Http.PostApiAsync("/api/v1/namespaces/default/configmaps", configMap, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        }

        var collection = $"/api/v1/namespaces/default/configmaps?labelSelector=pages%3D{label}&limit=1";
        var first = await Http.GetApiAsync(collection, Ct);
        Assert.True(first.StatusCode == HttpStatusCode.OK, first.ToString());
        var token = Uri.EscapeDataString(first.Body["metadata"]!["continue"]!.GetValue<string>());
        var patch = new JsonObject { ["data"] = new JsonObject { ["value"] = "changed" } };
        var latest = await Http.PatchApiAsync($"/api/v1/namespaces/default/configmaps/{label}-1", patch, RawApi.MergePatch, Ct);
        Assert.True(latest.StatusCode == HttpStatusCode.OK, latest.ToString());

        await Backend.ExpireHistoryBeforeAsync(ResourceVersion(latest.Body), Ct);
        var next = await Http.GetApiAsync($"{collection}&continue={token}", Ct);
        var fresh = await Http.GetApiAsync(collection, Ct);

        Assert.True(next.StatusCode == HttpStatusCode.Gone, next.ToString());
        Assert.Equal("Expired", next.Body["reason"]?.GetValue<string>());
        Assert.StartsWith("The provided continue parameter is too old to display a consistent list result.", next.Body["message"]?.GetValue<string>());
        Assert.True(fresh.StatusCode == HttpStatusCode.OK, fresh.ToString());
        // The answer offers a way on at the newest version; following it lists the rest.
        var onward = Uri.EscapeDataString(next.Body["metadata"]!["continue"]!.GetValue<string>());
        var rest = await Http.GetApiAsync($"/api/v1/namespaces/default/configmaps?labelSelector=pages%3D{label}&continue={onward}", Ct);
        Assert.True(rest.StatusCode == HttpStatusCode.OK, rest.ToString());
        Assert.Equal([$"{label}-2", $"{label}-3"], rest.Body["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal("changed", fresh.Body["items"]![0]!["data"]!["value"]!.GetValue<string>());
    }

    private async Task<JsonObject> PatchDocumentIncarnationAsync(string name, int documentIncarnation)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["documentIncarnation"] = documentIncarnation } };
        var patched = await Http.PatchApiAsync(NodeMaintenancePath(name), patch, RawApi.MergePatch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
        return patched.Body;
    }
}
