using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Finalizers;

/// <summary>A finalizer registered for an entity type, and the identifier it owns on the objects.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <param name="Identifier">The string placed in <c>metadata.finalizers</c>.</param>
/// <param name="FinalizerType">The class implementing IEntityFinalizer, resolved per call from a DI scope.</param>
public sealed record FinalizerRegistration<TEntity>(string Identifier, Type FinalizerType)
    where TEntity : IKubernetesObject<V1ObjectMeta>;
