using DrainSafe.Sandbox.Api.Authentication;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>Options of create, update and patch.</summary>
public sealed record WriteOptions
{
    /// <summary>The default options (main resource, unknown fields pruned silently).</summary>
    public static readonly WriteOptions Default = new();

    /// <summary>Null for the main resource, <c>status</c> for the status subresource.</summary>
    public string? Subresource { get; init; }

    /// <summary>Reject unknown fields (<c>fieldValidation=Strict</c>) instead of pruning them.</summary>
    public bool StrictFieldValidation { get; init; }

    /// <summary>
    /// The user making the request; null for the sandbox's own in-process writes. Admission policies apply to requests
    /// that carry a user.
    /// </summary>
    public UserInfo? User { get; init; }

    /// <summary>Validate and answer as if written, but store nothing (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
}
