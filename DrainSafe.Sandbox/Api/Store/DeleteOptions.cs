using DrainSafe.Sandbox.Api.Authentication;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>Options of a delete, mirroring metav1.DeleteOptions.</summary>
public sealed record DeleteOptions
{
    /// <summary>The default options.</summary>
    public static readonly DeleteOptions Default = new();

    /// <summary>Grace period for pods under graceful deletion; null for the pod's own.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Precondition: the object's uid must be this.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Precondition: the object's resourceVersion must be this.</summary>
    public string? PreconditionResourceVersion { get; init; }

    /// <summary>Orphan, Background or Foreground; Foreground is handled like Background.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>
    /// The user making the request; null for the sandbox's own in-process writes. Admission policies apply to requests
    /// that carry a user.
    /// </summary>
    public UserInfo? User { get; init; }

    /// <summary>Answer as if deleted, but change nothing (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
}
