namespace DrainSafe.Sandbox.Api.Authentication;

/// <summary>What a service account token is issued for: the account and, for a pod-bound token, its pod and node.</summary>
/// <param name="Namespace">The service account's namespace.</param>
/// <param name="Name">The service account's name.</param>
/// <param name="NodeName">The node the pod runs on (the <c>node-name</c> claim); null for a token bound to no node.</param>
/// <param name="PodName">The pod the token is bound to; null for none.</param>
public sealed record ServiceAccountToken(string Namespace, string Name, string? NodeName = null, string? PodName = null)
{
    /// <summary>The username the API server reports for this account.</summary>
    public string Username => $"system:serviceaccount:{Namespace}:{Name}";
}
