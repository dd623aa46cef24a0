using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Abstractions.Events;

/// <summary>
/// Publishes a core/v1 Event about an entity. A repeat of the same reason and message on the same
/// object increments the event's count. Failures are logged, never thrown.
/// </summary>
/// <param name="entity">The object the event is about (its involvedObject).</param>
/// <param name="reason">A short CamelCase reason, e.g. <c>DrainBlocked</c>.</param>
/// <param name="message">A human-readable sentence.</param>
/// <param name="type">Normal or Warning.</param>
/// <param name="cancellationToken">Cancels the publish.</param>
public delegate Task EventPublisher(
    IKubernetesObject<V1ObjectMeta> entity,
    string reason,
    string message,
    EventType type = EventType.Normal,
    CancellationToken cancellationToken = default);
