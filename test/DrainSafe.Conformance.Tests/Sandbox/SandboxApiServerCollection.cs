namespace DrainSafe.Conformance.Tests.Sandbox;

/// <summary>The tests that share one sandbox API server.</summary>
[CollectionDefinition(Name)]
public sealed class SandboxApiServerCollection : ICollectionFixture<SandboxApiServerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "sandbox API server";
}
