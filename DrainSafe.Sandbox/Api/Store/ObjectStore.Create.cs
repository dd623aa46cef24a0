using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Admission;
using DrainSafe.Sandbox.Api.CustomResources;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Store;

/// <content>Create.</content>
public sealed partial class ObjectStore
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>
    /// Creates an object (namespace from its metadata). Assigns uid, creationTimestamp, generation 1 and a
    /// resourceVersion; 409 AlreadyExists for a taken name; 404 when the namespace does not exist.
    /// </summary>
    public StoredObject Create(ResourceType resource, JsonObject obj, WriteOptions? options = null) =>
        CreateOwned(resource, (JsonObject)obj.DeepClone(), options ?? WriteOptions.Default);

    /// <summary>Create on an object the store may change in place.</summary>
    internal StoredObject CreateOwned(ResourceType resource, JsonObject obj, WriteOptions options)
    {
        resource = Resolve(resource);
        WriteRules.CheckKind(resource, obj);
        var metadata = ObjectMetadata.Of(obj);
        var name = (string?)metadata["name"];
        var generateName = (string?)metadata["generateName"];
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
        {
            throw ApiErrors.Invalid(resource, string.Empty, "FieldValueRequired", "metadata.name",
                "Required value: name or generateName is required");
        }

        var @namespace = (string?)metadata["namespace"];
        if (resource.Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw ApiErrors.Invalid(resource, name ?? generateName!, "FieldValueRequired", "metadata.namespace", "Required value");
        }

        if (!resource.Namespaced)
        {
            metadata.Remove("namespace");
            @namespace = null;
        }

        foreach (var field in new[] { "uid", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields", "creationTimestamp", "generation" })
        {
            metadata.Remove(field);
        }

        WriteRules.ResetStatusOnCreate(resource, obj);
        WriteRules.DefaultEmptySpec(resource, obj);
        var now = ObjectMetadata.Timestamp(Time.GetUtcNow());
        List<ResourceType>? served = null;
        if (resource.IsCustom)
        {
            WriteRules.ValidateCustom(resource, obj, null, options, name ?? generateName!);
        }
        else if (IsCrd(resource))
        {
            served = CrdRules.Prepare(obj, now, null);
        }
        else
        {
            CheckAdmissionPolicy(resource, obj, name ?? generateName!);
        }

        StoredObject stored;
        var registryChanged = false;
        lock (_gate)
        {
            if (resource.Namespaced)
            {
                var ns = CollectionOf(BuiltInResources.Namespaces).Get(@namespace!);
                if (ns is null)
                {
                    throw ApiErrors.NamespaceNotFound(@namespace!);
                }

                if (ns.IsDeleting)
                {
                    throw ApiErrors.Forbidden(resource, name ?? generateName!,
                        $"unable to create new content in namespace {@namespace} because it is being terminated");
                }
            }

            var collection = CollectionOf(resource);
            if (string.IsNullOrEmpty(name))
            {
                do
                {
                    name = generateName + RandomSuffix();
                }
                while (collection.Get(KeyOf(resource, @namespace, name)) is not null);
                metadata["name"] = name;
            }

            WriteRules.ValidateName(resource, name);
            if (collection.Get(KeyOf(resource, @namespace, name)) is not null)
            {
                throw ApiErrors.AlreadyExists(resource, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = now;
            metadata["generation"] = 1;
            if (options.User is { } user)
            {
                Admit(new AdmissionRequest(resource, null, AdmissionRequest.Create, name, @namespace, obj, null, user, options.DryRun));
            }

            if (options.DryRun)
            {
                // A dry-run create answers the object as it would be stored, without a resourceVersion (nothing was written).
                return StoredObject.Create(resource, obj, 0);
            }

            stored = CommitPut(collection, resource, obj, null);
            if (served is not null)
            {
                registryChanged = ServeCustomResources(stored.Name, served);
            }
        }

        if (registryChanged)
        {
            Resources.RaiseChanged();
        }

        return stored;
    }

    private static bool IsCrd(ResourceType resource) =>
        resource.Group == BuiltInResources.CustomResourceDefinitions.Group && resource.Plural == BuiltInResources.CustomResourceDefinitions.Plural;

    private static string RandomSuffix() =>
        string.Create(5, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)];
            }
        });

    /// <summary>Registers (or re-registers) the resources of a CRD; under the lock.</summary>
    private bool ServeCustomResources(string crdName, List<ResourceType> served)
    {
        Resources.SetCustomResources(crdName, served);
        foreach (var resource in served)
        {
            CollectionOf(resource).Resource = resource;
        }

        return true;
    }
}
