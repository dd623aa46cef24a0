using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Abstractions.Rbac;
using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Entities;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Events;

/// <summary>
/// Publishes core/v1 Events for <see cref="EventPublisher"/>. The event's name is derived from the object,
/// reason, message and type. A new event costs one request (the create); a repeat finds the name taken (409), reads the
/// existing event and increments its count (a JSON Patch conditional on the resourceVersion read). Errors are logged, never thrown.
/// </summary>
[EntityRbac(typeof(Corev1Event), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Patch)]
public sealed partial class KubernetesEventPublisher
{
    private const int MaxAttempts = 3;

    private readonly IKubernetes client;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<KubernetesEventPublisher> logger;
    private readonly string component;
    private readonly string instance;

    /// <summary>Creates the publisher.</summary>
    /// <param name="client">Creates and patches the events.</param>
    /// <param name="settings">The reporting component name and instance identity.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    /// <param name="logger">Where failures are reported.</param>
    public KubernetesEventPublisher(IKubernetes client, IOptions<OperatorSettings> settings, TimeProvider timeProvider, ILogger<KubernetesEventPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.client = client;
        this.timeProvider = timeProvider;
        this.logger = logger;
        component = settings.Value.Name;
        instance = settings.Value.LeaderElection.Identity;
    }

    /// <summary>The name under which an event about <paramref name="entity"/> with this reason, message and type is stored.</summary>
    /// <param name="entity">The object the event is about.</param>
    /// <param name="reason">The reason.</param>
    /// <param name="message">The message.</param>
    /// <param name="type">Normal or Warning.</param>
    public static string EventName(IKubernetesObject<V1ObjectMeta> entity, string reason, string message, EventType type)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var identity = string.Join('\n', entity.Kind, entity.Metadata.NamespaceProperty, entity.Metadata.Name, entity.Metadata.Uid, reason, message, type);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        var name = entity.Metadata.Name ?? "unnamed";
        return $"{(name.Length > 200 ? name[..200] : name)}.{hash}";
    }

    /// <summary>Publishes the event; matches <see cref="EventPublisher"/>.</summary>
    /// <param name="entity">The object the event is about.</param>
    /// <param name="reason">A short CamelCase reason.</param>
    /// <param name="message">A human-readable sentence.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    public async Task PublishAsync(
        IKubernetesObject<V1ObjectMeta> entity, string reason, string message, EventType type = EventType.Normal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var ns = string.IsNullOrEmpty(entity.Metadata.NamespaceProperty) ? "default" : entity.Metadata.NamespaceProperty;
        var name = EventName(entity, reason, message, type);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (await TryPublishOnceAsync(entity, ns, name, reason, message, type, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            LogGaveUp(logger, reason, entity.Metadata.Name, MaxAttempts);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, reason, entity.Metadata.Name);
        }
    }

    private async Task<bool> TryPublishOnceAsync(
        IKubernetesObject<V1ObjectMeta> entity, string ns, string name, string reason, string message, EventType type, CancellationToken cancellationToken)
    {
        // Event timestamps are whole seconds (metav1.Time); truncating keeps lastTimestamp >= firstTimestamp.
        var utc = timeProvider.GetUtcNow().UtcDateTime;
        var now = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        // Most events are new: create first (one request); only when the name is taken, read the event and count on it.
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(NewEvent(entity, ns, name, reason, message, type, now), ns, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.StatusCode(e) == HttpStatusCode.Conflict)
        {
            // AlreadyExists: the same event was published before.
        }

        try
        {
            var existing = await client.CoreV1.ReadNamespacedEventAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var count = existing.Count ?? 1;
            var patch = new JsonPatchBuilder()
                .TestResourceVersion(existing.Metadata.ResourceVersion)
                .Add("/count", count + 1)
                .Add("/lastTimestamp", now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            await client.CoreV1.PatchNamespacedEventAsync(patch.ToPatch(), name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e) || ApiErrors.IsNotFound(e))
        {
            // Another publisher counted it first, or it expired since the create failed: try again.
            return false;
        }
    }

    private static (string? ApiVersion, string? Kind) TypeOf(IKubernetesObject<V1ObjectMeta> entity)
    {
        if (!string.IsNullOrEmpty(entity.Kind) && !string.IsNullOrEmpty(entity.ApiVersion))
        {
            return (entity.ApiVersion, entity.Kind);
        }

        // A freshly constructed object may lack kind/apiVersion; its attribute knows them.
        if (entity.GetType().GetCustomAttributes(typeof(KubernetesEntityAttribute), false) is [KubernetesEntityAttribute, ..])
        {
            var definition = EntityDefinition.For(entity.GetType());
            return (definition.ApiVersion, definition.Kind);
        }

        return (entity.ApiVersion, entity.Kind);
    }

    private Corev1Event NewEvent(
        IKubernetesObject<V1ObjectMeta> entity, string ns, string name, string reason, string message, EventType type, DateTime now) =>
        new()
        {
            ApiVersion = EntityDefinition.For<Corev1Event>().ApiVersion,
            Kind = EntityDefinition.For<Corev1Event>().Kind,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = TypeOf(entity).ApiVersion,
                Kind = TypeOf(entity).Kind,
                Name = entity.Metadata.Name,
                NamespaceProperty = entity.Metadata.NamespaceProperty,
                Uid = entity.Metadata.Uid,
                ResourceVersion = entity.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = type.ToString(),
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = instance,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Could not publish event {Reason} about {Name}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason, string name);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Gave up publishing event {Reason} about {Name} after {Attempts} conflicting attempts")]
    private static partial void LogGaveUp(ILogger logger, string reason, string name, int attempts);
}
