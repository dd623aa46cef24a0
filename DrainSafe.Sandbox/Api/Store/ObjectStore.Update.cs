using System.Text.Json;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Admission;
using DrainSafe.Sandbox.Api.CustomResources;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Patching;
using DrainSafe.Sandbox.Api.Resources;
using k8s.Models;

namespace DrainSafe.Sandbox.Api.Store;

/// <content>Update and patch.</content>
public sealed partial class ObjectStore
{
    private static readonly string[] ImmutableMetadata =
        ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name"];

    /// <summary>
    /// Replaces an object (PUT). A non-empty metadata.resourceVersion that is not the current one is a 409 Conflict;
    /// an empty one is unconditional. With a status subresource, status changes are ignored here and
    /// <see cref="WriteOptions.Subresource"/> = "status" changes only status. An update that changes nothing keeps
    /// the resourceVersion and sends no event.
    /// </summary>
    public StoredObject Update(ResourceType resource, JsonObject obj, WriteOptions? options = null) =>
        UpdateOwned(resource, (JsonObject)obj.DeepClone(), options ?? WriteOptions.Default);

    /// <summary>Updates only the status of an object (PUT .../status).</summary>
    public StoredObject UpdateStatus(ResourceType resource, JsonObject obj) =>
        Update(resource, obj, new WriteOptions { Subresource = "status" });

    /// <summary>Patches an object: merge, JSON or strategic merge patch, through the same rules as update.</summary>
    public StoredObject Patch(ResourceType resource, string? @namespace, string name, V1Patch.PatchType type, string patch,
        WriteOptions? options = null) =>
        Patch(resource, @namespace, name, type, System.Text.Encoding.UTF8.GetBytes(patch), options);

    /// <summary>Patches an object from the patch document's UTF-8 bytes.</summary>
    public StoredObject Patch(ResourceType resource, string? @namespace, string name, V1Patch.PatchType type,
        ReadOnlyMemory<byte> patch, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        resource = Resolve(resource);
        if (type == V1Patch.PatchType.ApplyPatch)
        {
            throw ApiErrors.UnsupportedMediaType(
                "the body of the request was in an unknown format - server-side apply (application/apply-patch+yaml) is not supported by the sandbox; accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
        }

        if (type == V1Patch.PatchType.StrategicMergePatch && resource.IsCustom)
        {
            throw ApiErrors.UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(patch.Span);
        }
        catch (JsonException ex)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {ex.Message}");
        }

        StoredObject result;
        bool registryChanged;
        lock (_gate)
        {
            var collection = CollectionOf(resource);
            var old = collection.Get(KeyOf(resource, @namespace, name)) ?? throw ApiErrors.NotFound(resource, name);
            var patched = type switch
            {
                V1Patch.PatchType.JsonPatch => JsonPatch.Apply(old.ToJsonObject(), document),
                V1Patch.PatchType.MergePatch => MergePatch.Apply(old.ToJsonObject(), document),
                _ => StrategicMergePatch.Apply(old.ToJsonObject(), document),
            };
            if (patched is not JsonObject patchedObject)
            {
                throw ApiErrors.BadRequest("the patched document is not an object");
            }

            if ((string?)patchedObject["metadata"]?["name"] != name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({(string?)patchedObject["metadata"]?["name"]}) does not match the name on the URL ({name})");
            }

            result = UpdateLocked(collection, resource, old, patchedObject, options, out registryChanged);
        }

        if (registryChanged)
        {
            Resources.RaiseChanged();
        }

        return result;
    }

    /// <summary>Update on an object the store may change in place.</summary>
    internal StoredObject UpdateOwned(ResourceType resource, JsonObject obj, WriteOptions options)
    {
        resource = Resolve(resource);
        WriteRules.CheckKind(resource, obj);
        var name = ObjectMetadata.GetString(obj, "name");
        if (string.IsNullOrEmpty(name))
        {
            throw ApiErrors.Invalid(resource, string.Empty, "FieldValueRequired", "metadata.name", "Required value: name is required");
        }

        var @namespace = resource.Namespaced ? ObjectMetadata.GetString(obj, "namespace") : null;
        StoredObject result;
        bool registryChanged;
        lock (_gate)
        {
            var collection = CollectionOf(resource);
            var old = collection.Get(KeyOf(resource, @namespace, name)) ?? throw ApiErrors.NotFound(resource, name);
            result = UpdateLocked(collection, resource, old, obj, options, out registryChanged);
        }

        if (registryChanged)
        {
            Resources.RaiseChanged();
        }

        return result;
    }

    private StoredObject UpdateLocked(ResourceCollection collection, ResourceType resource, StoredObject old,
        JsonObject proposed, WriteOptions options, out bool registryChanged)
    {
        registryChanged = false;
        var requested = ObjectMetadata.GetString(proposed, "resourceVersion");
        if (!string.IsNullOrEmpty(requested) && requested != ObjectMetadata.Format(old.ResourceVersion))
        {
            throw ApiErrors.Conflict(resource, old.Name);
        }

        var requestedUid = ObjectMetadata.GetString(proposed, "uid");
        if (!string.IsNullOrEmpty(requestedUid) && requestedUid != old.Uid)
        {
            throw ApiErrors.Conflict(resource, old.Name,
                $"Precondition failed: UID in precondition: {requestedUid}, UID in object meta: {old.Uid}");
        }

        var previous = old.ToJsonObject();
        var next = IsStatusWrite(options) ? WithStatusOf(previous, proposed) : proposed;
        if (!IsStatusWrite(options) && resource.HasStatusSubresource)
        {
            CopyField(previous, next, "status");
        }

        WriteRules.CheckKind(resource, next);
        WriteRules.DefaultEmptySpec(resource, next);
        var metadata = ObjectMetadata.Of(next);
        var oldMetadata = ObjectMetadata.Of(previous);
        foreach (var field in ImmutableMetadata)
        {
            CopyField(oldMetadata, metadata, field);
        }

        metadata.Remove("managedFields");
        metadata.Remove("selfLink");
        metadata["resourceVersion"] = oldMetadata["resourceVersion"]?.DeepClone();
        if (old.IsDeleting)
        {
            var added = ObjectMetadata.Finalizers(next).Except(old.Finalizers).ToList();
            if (added.Count > 0)
            {
                throw ApiErrors.Invalid(resource, old.Name, "FieldValueForbidden", "metadata.finalizers",
                    $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(f => $"\"{f}\""))}}}");
            }
        }

        List<ResourceType>? served = null;
        if (resource.IsCustom)
        {
            WriteRules.ValidateCustom(resource, next, previous, options, old.Name);
        }
        else if (IsCrd(resource))
        {
            served = CrdRules.Prepare(next, ObjectMetadata.Timestamp(Time.GetUtcNow()), previous["status"] as JsonObject);
        }
        else
        {
            CheckAdmissionPolicy(resource, next, old.Name);
        }

        if (!ObjectMetadata.SameContent(previous, next, resource.HasStatusSubresource))
        {
            metadata["generation"] = (ObjectMetadata.GetLong(previous, "generation") ?? 0) + 1;
        }

        if (options.User is { } user)
        {
            // A patch is an UPDATE to admission, as on a real server; an update that changes nothing is admitted too.
            Admit(new AdmissionRequest(resource, options.Subresource, AdmissionRequest.Update, old.Name, old.Namespace, next, previous, user,
                options.DryRun));
        }

        if (JsonNode.DeepEquals(previous, next))
        {
            return old;
        }

        if (options.DryRun)
        {
            return StoredObject.Create(resource, next, old.ResourceVersion);
        }

        if (old.IsDeleting && ObjectMetadata.Finalizers(next).Count == 0
            && (ObjectMetadata.GetLong(next, "deletionGracePeriodSeconds") ?? 0) == 0)
        {
            var removed = CommitRemove(collection, resource, next, old);
            registryChanged = AfterRemoval(resource, removed, propagate: true);
            return removed;
        }

        var stored = CommitPut(collection, resource, next, old);
        if (served is not null)
        {
            registryChanged = ServeCustomResources(stored.Name, served);
        }

        return stored;
    }

    private static bool IsStatusWrite(WriteOptions options) => options.Subresource == "status";

    private static JsonObject WithStatusOf(JsonObject previous, JsonObject proposed)
    {
        var next = (JsonObject)previous.DeepClone();
        ObjectMetadata.Of(next)["resourceVersion"] = ObjectMetadata.Of(proposed)["resourceVersion"]?.DeepClone();
        CopyField(proposed, next, "status");
        return next;
    }

    private static void CopyField(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value)
        {
            to[field] = value.DeepClone();
        }
        else
        {
            to.Remove(field);
        }
    }
}
