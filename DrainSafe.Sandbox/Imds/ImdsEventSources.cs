namespace DrainSafe.Sandbox.Imds;

/// <summary>The EventSource values Azure documents.</summary>
public static class ImdsEventSources
{
    /// <summary>Maintenance initiated by Azure.</summary>
    public const string Platform = "Platform";

    /// <summary>Initiated by the user, e.g. a restart from the portal.</summary>
    public const string User = "User";
}
