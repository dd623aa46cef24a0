using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Authentication;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>One write as admission sees it (Kubernetes' <c>admission.Attributes</c>).</summary>
/// <param name="Resource">The resource written.</param>
/// <param name="Subresource">Null for the main resource, <c>status</c> for the status subresource.</param>
/// <param name="Operation"><c>CREATE</c>, <c>UPDATE</c> (a patch too) or <c>DELETE</c>.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Namespace">The object's namespace; null for a cluster-scoped resource.</param>
/// <param name="Object">The object as it would be stored; null on DELETE.</param>
/// <param name="OldObject">The stored object before the write; null on CREATE.</param>
/// <param name="User">Who asks.</param>
/// <param name="DryRun">True for a dry-run request.</param>
internal sealed record AdmissionRequest(
    ResourceType Resource,
    string? Subresource,
    string Operation,
    string Name,
    string? Namespace,
    JsonObject? Object,
    JsonObject? OldObject,
    UserInfo User,
    bool DryRun)
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
}
