using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.State;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.World;

/// <summary>
/// The world's only way to write: conditional writes to the store whose results go straight into the mirror, so the
/// controllers see their own writes before the watch echoes them (no double creates).
/// </summary>
internal sealed class StoreWriter(ObjectStore store, ClusterState state, Action<StateChange> changed, ILogger logger)
{
    private const int ConflictAttempts = 5;

    public ObjectStore Store => store;

    /// <summary>Creates an object; null when the store refused it (logged).</summary>
    public StoredObject? Create(ResourceType resource, JsonObject obj)
    {
        try
        {
            var created = store.Create(resource, obj);
            Applied(resource, created);
            return created;
        }
        catch (ApiException ex)
        {
            WorldLog.WriteFailed(logger, "create", resource.Plural, (string?)obj["metadata"]?["name"] ?? (string?)obj["metadata"]?["generateName"] ?? "?", ex.Code, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Replaces the object (or its status) with <paramref name="next"/>, on condition that it is still at the
    /// resourceVersion <paramref name="next"/> carries; false on a conflict or when it is gone.
    /// </summary>
    public bool Update(ResourceType resource, JsonObject next, bool status)
    {
        try
        {
            var stored = status ? store.UpdateStatus(resource, next) : store.Update(resource, next);
            Applied(resource, stored);
            return true;
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            return false;
        }
        catch (ApiException ex)
        {
            WorldLog.WriteFailed(logger, "update", resource.Plural, (string?)next["metadata"]?["name"] ?? "?", ex.Code, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Reads the newest version, lets <paramref name="mutate"/> change it (returning false when nothing needs to
    /// change), and writes it conditionally, re-reading on conflicts.
    /// </summary>
    public bool Mutate(ResourceType resource, string? @namespace, string name, bool status, Func<JsonObject, bool> mutate)
    {
        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            var current = store.Get(resource, @namespace, name);
            if (current is null)
            {
                return false;
            }

            var obj = current.ToJsonObject();
            if (!mutate(obj))
            {
                return true;
            }

            if (Update(resource, obj, status))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Deletes an object; true when it is gone or going (404 counts as gone).</summary>
    public bool Delete(ResourceType resource, string? @namespace, string name, DeleteOptions options)
    {
        try
        {
            var result = store.Delete(resource, @namespace, name, options);
            if (result.Removed)
            {
                if (state.ApplyRemoval(resource, result.Object) is { } change)
                {
                    changed(change);
                }
            }
            else
            {
                Applied(resource, result.Object);
            }

            return true;
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return true;
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            // The uid precondition failed: a new object took the name; nothing of ours to delete.
            return true;
        }
        catch (ApiException ex)
        {
            WorldLog.WriteFailed(logger, "delete", resource.Plural, name, ex.Code, ex.Message);
            return false;
        }
    }

    private void Applied(ResourceType resource, StoredObject stored)
    {
        if (state.Apply(resource, stored, removed: false) is { } change)
        {
            changed(change);
        }
    }
}
