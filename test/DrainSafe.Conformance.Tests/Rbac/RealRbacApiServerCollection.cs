namespace DrainSafe.Conformance.Tests.Rbac;

/// <summary>The tests that share one real kube-apiserver with RBAC authorization.</summary>
[CollectionDefinition(Name)]
public sealed class RealRbacApiServerCollection : ICollectionFixture<RealRbacApiServerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "real kube-apiserver (RBAC)";
}
