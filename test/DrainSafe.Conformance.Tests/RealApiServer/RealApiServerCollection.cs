namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>The tests that share one real kube-apiserver with AlwaysAllow authorization.</summary>
[CollectionDefinition(Name)]
public sealed class RealApiServerCollection : ICollectionFixture<RealApiServerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "real kube-apiserver (AlwaysAllow)";
}
