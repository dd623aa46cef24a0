namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>How to start a real kube-apiserver for tests.</summary>
public sealed record RealKubeApiServerOptions
{
    /// <summary>Authorization mode of the apiserver.</summary>
    public AuthorizationMode Authorization { get; init; } = AuthorizationMode.AlwaysAllow;

    /// <summary>
    /// Built-in resources served straight from etcd, without the apiserver's watch cache
    /// (<c>--watch-cache-sizes=resource#0</c>), so that an etcd compaction makes old watches answer 410.
    /// </summary>
    public IReadOnlyList<string> UncachedResources { get; init; } = [];

    /// <summary>How long to wait for etcd and then the apiserver to become ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
