namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>How the real kube-apiserver authorizes requests.</summary>
public enum AuthorizationMode
{
    /// <summary>Every authenticated request is allowed (<c>--authorization-mode=AlwaysAllow</c>).</summary>
    AlwaysAllow,

    /// <summary>Role-based access control (<c>--authorization-mode=RBAC</c>).</summary>
    Rbac,
}
