using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Api.Store;

/// <content>Typed convenience over KubernetesClient models (resource found from <see cref="KubernetesEntityAttribute"/>).</content>
public sealed partial class ObjectStore
{
    private static readonly ConcurrentDictionary<Type, KubernetesEntityAttribute> EntityAttributes = new();

    /// <summary>The served resource of a model type such as <c>V1Pod</c> or a custom entity class.</summary>
    public ResourceType ResourceFor<T>()
    {
        var entity = EntityAttributes.GetOrAdd(typeof(T), type => type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [KubernetesEntity] attribute"));
        return Resources.Find(entity.Group ?? string.Empty, entity.ApiVersion, entity.PluralName)
            ?? throw ApiErrors.PathNotFound();
    }

    /// <summary>Reads an object as a model, or null when it does not exist.</summary>
    public T? Get<T>(string? @namespace, string name) where T : class =>
        Get(ResourceFor<T>(), @namespace, name)?.Deserialize<T>();

    /// <summary>Lists objects as models (all pages).</summary>
    public IReadOnlyList<T> List<T>(string? @namespace = null, string? labelSelector = null, string? fieldSelector = null) =>
        List(ResourceFor<T>(), new ListOptions { Namespace = @namespace, LabelSelector = labelSelector, FieldSelector = fieldSelector })
            .Items.Select(o => o.Deserialize<T>()).ToList();

    /// <summary>Creates an object from a model and returns it as stored (with <paramref name="options"/>' user, admitted as that user's request).</summary>
    public T Create<T>(T obj, WriteOptions? options = null) where T : class => Create(ResourceFor<T>(), ToJson(obj), options).Deserialize<T>();

    /// <summary>Replaces an object from a model (conditional when it carries a resourceVersion).</summary>
    public T Update<T>(T obj) where T : class => Update(ResourceFor<T>(), ToJson(obj)).Deserialize<T>();

    /// <summary>Replaces only the status of an object from a model.</summary>
    public T UpdateStatus<T>(T obj) where T : class => UpdateStatus(ResourceFor<T>(), ToJson(obj)).Deserialize<T>();

    /// <summary>Patches an object and returns it as a model (with <paramref name="options"/>' user, admitted as that user's request).</summary>
    public T Patch<T>(string? @namespace, string name, V1Patch.PatchType type, string patch, WriteOptions? options = null) where T : class =>
        Patch(ResourceFor<T>(), @namespace, name, type, patch, options).Deserialize<T>();

    /// <summary>Deletes an object of a model type.</summary>
    public DeleteResult Delete<T>(string? @namespace, string name, DeleteOptions? options = null) =>
        Delete(ResourceFor<T>(), @namespace, name, options);

    /// <summary>Watches a model type's resource.</summary>
    public WatchSubscription Watch<T>(WatchOptions? options = null) => Watch(ResourceFor<T>(), options);

    private static JsonObject ToJson<T>(T obj) =>
        JsonNode.Parse(KubernetesJson.Serialize(obj)) as JsonObject ?? throw new ArgumentException("the object does not serialize to a JSON object");
}
