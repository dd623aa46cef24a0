using DrainSafe.Conformance.Tests.Conformance;

namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>The API conformance facts against a real kube-apiserver v1.20.2 (AlwaysAllow).</summary>
[Trait("Category", "RealApiServer")]
[Collection(RealApiServerCollection.Name)]
public sealed class RealApiServerConformanceTests(RealApiServerFixture server) : ApiConformanceTests(server);
