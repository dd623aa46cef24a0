namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>The runtime's sandbox tests run one at a time: each starts servers and hosts, and the machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class RuntimeSandboxCollection
{
    public const string Name = "runtime-sandbox";
}
