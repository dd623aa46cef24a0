using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Abstractions.Controller;

/// <summary>
/// The outcome of a reconcile or a finalize: success, or failure with a message; either may ask to run again later.
/// </summary>
/// <typeparam name="TEntity">The entity type that was reconciled.</typeparam>
public sealed record ReconciliationResult<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private ReconciliationResult(TEntity entity, bool isSuccess, string? errorMessage, Exception? error, TimeSpan? requeueAfter)
    {
        Entity = entity;
        IsSuccess = isSuccess;
        ErrorMessage = errorMessage;
        Error = error;
        RequeueAfter = requeueAfter;
    }

    /// <summary>The entity as the reconciler last saw it.</summary>
    public TEntity Entity { get; }

    /// <summary>True when the step succeeded.</summary>
    [MemberNotNullWhen(false, nameof(ErrorMessage))]
    public bool IsSuccess { get; }

    /// <summary>True when the step failed and must be retried.</summary>
    [MemberNotNullWhen(true, nameof(ErrorMessage))]
    public bool IsFailure => !IsSuccess;

    /// <summary>What went wrong, for logs; null on success.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The exception behind a failure, if any.</summary>
    public Exception? Error { get; }

    /// <summary>
    /// Run again after this delay. On success: a periodic re-check. On failure: replaces the
    /// exponential backoff for this retry. Null: success waits for the next change, failure backs off.
    /// </summary>
    public TimeSpan? RequeueAfter { get; init; }

    /// <summary>The step succeeded.</summary>
    /// <param name="entity">The entity that was reconciled.</param>
    /// <param name="requeueAfter">Reconcile again after this delay even if nothing changes.</param>
    public static ReconciliationResult<TEntity> Success(TEntity entity, TimeSpan? requeueAfter = null) =>
        new(entity, true, null, null, requeueAfter);

    /// <summary>The step failed; it is retried (never dropped).</summary>
    /// <param name="entity">The entity that was reconciled.</param>
    /// <param name="errorMessage">What went wrong, for logs.</param>
    /// <param name="error">The exception behind the failure, if any.</param>
    /// <param name="requeueAfter">Retry after exactly this delay instead of the exponential backoff.</param>
    public static ReconciliationResult<TEntity> Failure(
        TEntity entity, string errorMessage, Exception? error = null, TimeSpan? requeueAfter = null) =>
        new(entity, false, errorMessage, error, requeueAfter);
}
