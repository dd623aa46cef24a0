namespace DrainSafe.Sandbox.Imds;

/// <summary>The EventStatus of a Scheduled Event. There is no "Completed": a finished event leaves the list.</summary>
public enum ImdsEventStatus
{
    /// <summary>Announced; starts at NotBefore or on approval.</summary>
    Scheduled,

    /// <summary>In progress; NotBefore is empty.</summary>
    Started,
}
