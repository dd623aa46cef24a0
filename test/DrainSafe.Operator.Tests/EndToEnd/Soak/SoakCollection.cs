namespace DrainSafe.Operator.Tests.EndToEnd.Soak;

/// <summary>The soak runs alone: 20 nodes and 20 agents on a shared CI machine are load enough without other tests beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "Soak";
}
