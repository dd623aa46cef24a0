using DrainSafe.Sandbox.Api.Authentication;

namespace DrainSafe.Sandbox.Demo;

/// <summary>
/// The service accounts DrainSafe runs as (config/rbac, in config/default's namespace), and the tokens a cluster
/// would mount in their pods: the agent's bound to the pod's node, the operator's to its pod.
/// </summary>
public static class DrainSafeServiceAccounts
{
    /// <summary>The namespace config/default installs DrainSafe in.</summary>
    public const string Namespace = "drainsafe-system";

    /// <summary>The agent's service account.</summary>
    public const string Agent = "drainsafe-agent";

    /// <summary>The operator's service account.</summary>
    public const string Operator = "drainsafe-operator";

    /// <summary>A token of the agent's service account, as mounted in the agent pod on <paramref name="nodeName"/>.</summary>
    public static string IssueAgentToken(TokenAuthenticator authentication, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        return authentication.Issue(new ServiceAccountToken(Namespace, Agent, nodeName, $"{Agent}-{nodeName}"));
    }

    /// <summary>A token of the operator's service account, as mounted in an operator pod (on <paramref name="nodeName"/>, if given).</summary>
    public static string IssueOperatorToken(TokenAuthenticator authentication, string? nodeName = null)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        return authentication.Issue(new ServiceAccountToken(Namespace, Operator, nodeName, $"{Operator}-0"));
    }
}
