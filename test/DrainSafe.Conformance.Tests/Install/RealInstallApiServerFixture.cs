using DrainSafe.Conformance.Tests.RealApiServer;
using Xunit.Abstractions;

namespace DrainSafe.Conformance.Tests.Install;

/// <summary>An empty real kube-apiserver v1.20.2 (AlwaysAllow) to install DrainSafe into, one per collection.</summary>
public sealed class RealInstallApiServerFixture(IMessageSink diagnostics) : RealApiServerFixtureBase(diagnostics)
{
    /// <inheritdoc />
    protected override RealKubeApiServerOptions Options { get; } = new();
}

/// <summary>The server <c>helm install</c> installs into.</summary>
[CollectionDefinition(Name)]
public sealed class HelmInstallCollection : ICollectionFixture<RealInstallApiServerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "real kube-apiserver (helm install)";
}

/// <summary>The server <c>kubectl apply -k</c> installs into.</summary>
[CollectionDefinition(Name)]
public sealed class KustomizeInstallCollection : ICollectionFixture<RealInstallApiServerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "real kube-apiserver (kubectl apply -k)";
}
