using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Operator.Sdk.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.Status;

/// <summary>Writes status through PUT /status with optimistic concurrency; see <see cref="IEntityStatusWriter{TEntity}"/>.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed partial class EntityStatusWriter<TEntity> : IEntityStatusWriter<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>How many times a conflicting write is re-read and retried before giving up.</summary>
    public const int MaxAttempts = 5;

    private readonly EntityClient<TEntity> client;
    private readonly ILogger<EntityStatusWriter<TEntity>> logger;

    /// <summary>Creates the writer.</summary>
    /// <param name="kubernetes">The Kubernetes client.</param>
    /// <param name="logger">Where conflicts are reported.</param>
    public EntityStatusWriter(IKubernetes kubernetes, ILogger<EntityStatusWriter<TEntity>> logger)
    {
        client = new EntityClient<TEntity>(kubernetes);
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<TEntity> UpdateStatusAsync(TEntity entity, Action<TEntity> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(mutate);
        var current = entity;
        for (var attempt = 1; ; attempt++)
        {
            var copy = Copy(current);
            mutate(copy);
            if (JsonNode.DeepEquals(StatusOf(current), StatusOf(copy)))
            {
                return current;
            }

            try
            {
                return await client.ReplaceStatusAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (ApiErrors.StatusCode(e) == HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                LogConflict(logger, current.Metadata.Name, attempt);
                current = await client.GetAsync(current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken).ConfigureAwait(false)
                    ?? throw new KubernetesApiException(
                        HttpStatusCode.NotFound, null, $"{client.Definition.QualifiedPlural} \"{entity.Metadata.Name}\" was deleted during a status write.");
            }
        }
    }

    /// <inheritdoc />
    public async Task<TEntity> ReplaceStatusAsync(TEntity entity, Action<TEntity> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(mutate);
        var copy = Copy(entity);
        mutate(copy);
        return JsonNode.DeepEquals(StatusOf(entity), StatusOf(copy))
            ? entity
            : await client.ReplaceStatusAsync(copy, cancellationToken).ConfigureAwait(false);
    }

    private static TEntity Copy(TEntity entity) => KubernetesJson.Deserialize<TEntity>(KubernetesJson.Serialize(entity));

    private static JsonNode? StatusOf(TEntity entity) => JsonNode.Parse(KubernetesJson.Serialize(entity))?["status"];

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Status write of {Name} conflicted (attempt {Attempt}); re-reading and re-applying")]
    private static partial void LogConflict(ILogger logger, string name, int attempt);
}
