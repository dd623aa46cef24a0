using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Authentication;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Eviction;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace DrainSafe.Sandbox.Api.Http;

/// <summary>The verbs on resource URLs: get, list, watch, create, update, patch, delete, deletecollection, eviction.</summary>
internal sealed class ResourceRequestHandler(ObjectStore store, IEvictionPolicy evictionPolicy, TimeProvider time)
{
    private static readonly ApiStatus EvictionSucceeded = new(201, string.Empty, string.Empty) { IsSuccess = true };

    public async Task HandleAsync(HttpContext context, ResourcePath path, UserInfo user)
    {
        var resource = store.Resources.Find(path.Group, path.Version, path.Plural) ?? throw ApiErrors.PathNotFound();
        if ((path.Namespace is not null && !resource.Namespaced) || (path.Name is not null && resource.Namespaced && path.Namespace is null))
        {
            throw ApiErrors.PathNotFound();
        }

        var request = context.Request;
        var cancel = context.RequestAborted;
        switch (request.Method, path.Name, path.Subresource)
        {
            case ("GET", null, _):
                await ListOrWatchAsync(context, resource, path).ConfigureAwait(false);
                break;
            case ("GET", { } name, null or "status") when IsKnownSubresource(resource, path.Subresource):
                await GetAsync(context, resource, path.Namespace, name).ConfigureAwait(false);
                break;
            case ("POST", null, _):
                var created = store.CreateOwned(resource, WithNamespace(await RequestOptions.ReadObjectAsync(request, cancel).ConfigureAwait(false), resource, path), RequestOptions.Write(request, null, user));
                await Responses.WriteJsonAsync(context, 201, created.Json).ConfigureAwait(false);
                break;
            case ("POST", { } name, "eviction") when resource.Group.Length == 0 && resource.Plural == "pods":
                await EvictAsync(context, resource, path.Namespace!, name).ConfigureAwait(false);
                break;
            case ("PUT", { } name, null or "status") when IsKnownSubresource(resource, path.Subresource):
                var body = WithNamespace(await RequestOptions.ReadObjectAsync(request, cancel).ConfigureAwait(false), resource, path);
                CheckName(body, name);
                var updated = store.UpdateOwned(resource, body, RequestOptions.Write(request, path.Subresource, user));
                await Responses.WriteJsonAsync(context, 200, updated.Json).ConfigureAwait(false);
                break;
            case ("PATCH", { } name, null or "status") when IsKnownSubresource(resource, path.Subresource):
                var patch = await RequestOptions.ReadBytesAsync(request, cancel).ConfigureAwait(false);
                var patched = store.Patch(resource, path.Namespace, name, PatchTypeOf(request.ContentType), patch,
                    RequestOptions.Write(request, path.Subresource, user));
                await Responses.WriteJsonAsync(context, 200, patched.Json).ConfigureAwait(false);
                break;
            case ("DELETE", { } name, null):
                var result = store.Delete(resource, path.Namespace, name, (await RequestOptions.DeleteAsync(request, cancel).ConfigureAwait(false)) with { User = user });
                await WriteDeleteResultAsync(context, resource, result).ConfigureAwait(false);
                break;
            case ("DELETE", null, null):
                var options = (await RequestOptions.DeleteAsync(request, cancel).ConfigureAwait(false)) with { User = user };
                var results = store.DeleteCollection(resource, RequestOptions.List(request, path.Namespace), options);
                await Responses.WriteListAsync(context, resource,
                    new ListResult([.. results.Select(r => r.Object)], store.CurrentResourceVersion, null, null)).ConfigureAwait(false);
                break;
            case (_, _, { } subresource) when !IsKnownSubresource(resource, subresource) && subresource != "eviction":
                throw ApiErrors.PathNotFound();
            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private static bool IsKnownSubresource(ResourceType resource, string? subresource) =>
        subresource is null || (subresource == "status" && resource.HasStatusSubresource);

    private static JsonObject WithNamespace(JsonObject obj, ResourceType resource, ResourcePath path)
    {
        if (!resource.Namespaced)
        {
            return obj;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = [];
        }

        var bodyNamespace = (string?)metadata["namespace"];
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != path.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = path.Namespace;
        return obj;
    }

    private static void CheckName(JsonObject obj, string name)
    {
        var bodyName = (string?)obj["metadata"]?["name"];
        if (bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    /// <summary>The body must be a policy/v1 (or v1beta1) Eviction of the pod named on the URL, as the real eviction REST demands.</summary>
    private static void CheckEviction(JsonObject body, string name)
    {
        var kind = (string?)body["kind"];
        var apiVersion = (string?)body["apiVersion"];
        if (!string.IsNullOrEmpty(kind) && kind != "Eviction")
        {
            throw ApiErrors.BadRequest($"not a Eviction object: the body's kind is {kind}");
        }

        if (!string.IsNullOrEmpty(apiVersion) && apiVersion is not ("policy/v1" or "policy/v1beta1"))
        {
            throw ApiErrors.BadRequest($"Eviction in version \"{apiVersion}\" cannot be handled: pods/eviction accepts policy/v1 and policy/v1beta1");
        }

        if ((string?)body["metadata"]?["name"] != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }
    }

    private static V1Patch.PatchType PatchTypeOf(string? contentType)
    {
        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json-patch+json" => V1Patch.PatchType.JsonPatch,
            "application/merge-patch+json" => V1Patch.PatchType.MergePatch,
            "application/strategic-merge-patch+json" => V1Patch.PatchType.StrategicMergePatch,
            "application/apply-patch+yaml" or "application/apply-patch+cbor" => V1Patch.PatchType.ApplyPatch,
            _ => throw ApiErrors.UnsupportedMediaType(
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got \"{mediaType}\")"),
        };
    }

    private async Task ListOrWatchAsync(HttpContext context, ResourceType resource, ResourcePath path)
    {
        var request = context.Request;
        var table = RequestOptions.Table(request);
        if (RequestOptions.IsWatch(request))
        {
            await using var subscription = store.Watch(resource, RequestOptions.Watch(request, path.Namespace));
            await WatchStreamer.StreamAsync(context, subscription, RequestOptions.WatchTimeout(request), table, time).ConfigureAwait(false);
            return;
        }

        var list = store.List(resource, RequestOptions.List(request, path.Namespace));
        if (table is { } include)
        {
            await Responses.WriteTableAsync(context, resource, list.Items, include, time.GetUtcNow(), list).ConfigureAwait(false);
        }
        else
        {
            await Responses.WriteListAsync(context, resource, list).ConfigureAwait(false);
        }
    }

    private async Task GetAsync(HttpContext context, ResourceType resource, string? @namespace, string name)
    {
        var obj = store.Get(resource, @namespace, name) ?? throw ApiErrors.NotFound(resource, name);
        if (RequestOptions.Table(context.Request) is { } include)
        {
            await Responses.WriteTableAsync(context, resource, [obj], include, time.GetUtcNow()).ConfigureAwait(false);
            return;
        }

        await Responses.WriteJsonAsync(context, 200, obj.Json).ConfigureAwait(false);
    }

    private async Task EvictAsync(HttpContext context, ResourceType pods, string @namespace, string name)
    {
        var body = await RequestOptions.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        CheckEviction(body, name);
        var deleteOptions = await RequestOptions.DeleteAsync(context.Request, context.RequestAborted,
            body["deleteOptions"] as JsonObject ?? []).ConfigureAwait(false);
        var pod = store.Get(pods, @namespace, name) ?? throw ApiErrors.NotFound(pods, name);
        var decision = await evictionPolicy.EvaluateAsync(new EvictionRequest(pod, store, deleteOptions), context.RequestAborted)
            .ConfigureAwait(false);
        if (decision.Rejection is { } rejection)
        {
            await Responses.WriteStatusAsync(context, rejection).ConfigureAwait(false);
            return;
        }

        // Like the real eviction REST: delete only the pod that was checked, not a same-named successor (409 otherwise).
        store.Delete(pods, @namespace, name, deleteOptions with { PreconditionUid = deleteOptions.PreconditionUid ?? pod.Uid });
        await Responses.WriteStatusAsync(context, EvictionSucceeded).ConfigureAwait(false);
    }

    private static Task WriteDeleteResultAsync(HttpContext context, ResourceType resource, DeleteResult result)
    {
        var returnsObject = !result.Removed || resource.IsCustom
            || (resource.Group.Length == 0 && resource.Plural is "pods" or "serviceaccounts");
        if (returnsObject)
        {
            return Responses.WriteJsonAsync(context, 200, result.Object.Json);
        }

        return Responses.WriteStatusAsync(context, new ApiStatus(200, string.Empty, string.Empty)
        {
            IsSuccess = true, DetailsName = result.Object.Name, DetailsGroup = resource.Group, DetailsKind = resource.Plural,
            DetailsUid = result.Object.Uid,
        });
    }
}
