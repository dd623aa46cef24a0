namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>A user the real kube-apiserver knows from its static token file.</summary>
/// <param name="Name">Short name used for kubeconfig users and contexts.</param>
/// <param name="UserName">The authenticated user name, e.g. <c>system:serviceaccount:drainsafe-system:drainsafe-agent</c>.</param>
/// <param name="Groups">Groups the user belongs to (besides <c>system:authenticated</c>, which the server adds).</param>
public sealed record ApiIdentity(string Name, string UserName, IReadOnlyList<string> Groups)
{
    /// <summary>The namespace DrainSafe is installed in.</summary>
    public const string DrainSafeNamespace = "drainsafe-system";

    /// <summary>Cluster administrator (system:masters: allowed everything under RBAC too).</summary>
    public static readonly ApiIdentity Admin = new("admin", "drainsafe-test-admin", ["system:masters"]);

    /// <summary>The operator's service account.</summary>
    public static readonly ApiIdentity Operator = ServiceAccount("drainsafe-operator");

    /// <summary>The node agent's service account.</summary>
    public static readonly ApiIdentity Agent = ServiceAccount("drainsafe-agent");

    /// <summary>An authenticated user with no role bindings at all.</summary>
    public static readonly ApiIdentity Nobody = new("nobody", "drainsafe-test-nobody", []);

    /// <summary>Every identity the test servers accept.</summary>
    public static readonly IReadOnlyList<ApiIdentity> All = [Admin, Operator, Agent, Nobody];

    private static ApiIdentity ServiceAccount(string name) => new(
        name,
        $"system:serviceaccount:{DrainSafeNamespace}:{name}",
        ["system:serviceaccounts", $"system:serviceaccounts:{DrainSafeNamespace}"]);
}
