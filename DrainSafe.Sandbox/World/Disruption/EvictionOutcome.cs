namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>How the API server answered an eviction.</summary>
public enum EvictionOutcome
{
    /// <summary>201: the pod is being deleted (a budget allowed it, or none applied).</summary>
    Allowed,

    /// <summary>429: the budget allows no disruption now.</summary>
    BlockedByBudget,

    /// <summary>429: the budget's status has not caught up with its spec yet.</summary>
    BudgetNotObserved,

    /// <summary>500: more than one PDB matches the pod.</summary>
    MultipleBudgets,

    /// <summary>Another refusal (an invalid budget state).</summary>
    Refused,
}
