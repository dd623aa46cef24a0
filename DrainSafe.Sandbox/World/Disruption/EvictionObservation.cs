namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>One eviction request as the simulated API server decided it (for recorders and reports).</summary>
/// <param name="At">When it was decided.</param>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="PodName">The pod's name.</param>
/// <param name="NodeName">The node the pod was bound to, if any.</param>
/// <param name="Outcome">Allowed, or why not.</param>
/// <param name="BudgetName">The PDB that decided, if one matched.</param>
/// <param name="Message">The cause message of a rejection (e.g. "The disruption budget web-pdb needs 6 healthy pods and has 6 currently").</param>
/// <param name="HealthyAfter">For an allowed eviction under a PDB: the matching pods still healthy without this one, counted independently of the PDB status.</param>
/// <param name="DesiredHealthy">For an eviction under a PDB: the budget's desiredHealthy when it was decided.</param>
public sealed record EvictionObservation(
    DateTimeOffset At,
    string Namespace,
    string PodName,
    string? NodeName,
    EvictionOutcome Outcome,
    string? BudgetName,
    string? Message,
    int? HealthyAfter,
    int? DesiredHealthy)
{
    /// <summary>True when an allowed eviction left a PDB with fewer healthy pods than it desires.</summary>
    public bool BrokeBudget => Outcome == EvictionOutcome.Allowed && HealthyAfter < DesiredHealthy;
}
