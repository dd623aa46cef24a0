namespace DrainSafe.Sandbox.Imds;

/// <summary>The EventType values Azure documents, and the notice Azure gives at least for each.</summary>
public static class ImdsEventTypes
{
    /// <summary>A pause of seconds; memory is kept. No impact is reported.</summary>
    public const string Freeze = "Freeze";

    /// <summary>The VM restarts; memory is lost.</summary>
    public const string Reboot = "Reboot";

    /// <summary>The VM moves to another host; ephemeral disks are lost.</summary>
    public const string Redeploy = "Redeploy";

    /// <summary>A Spot VM is deleted.</summary>
    public const string Preempt = "Preempt";

    /// <summary>A scale set VM is deleted.</summary>
    public const string Terminate = "Terminate";

    /// <summary>
    /// The minimum notice Azure gives for an event type (Freeze and Reboot 15 minutes, Redeploy 10, Preempt 30 seconds,
    /// Terminate 5 minutes); 15 minutes for a type Azure does not document.
    /// </summary>
    /// <param name="eventType">The EventType, compared case-insensitively.</param>
    /// <returns>The minimum notice.</returns>
    public static TimeSpan MinimumNotice(string eventType) => eventType.ToUpperInvariant() switch
    {
        "REDEPLOY" => TimeSpan.FromMinutes(10),
        "PREEMPT" => TimeSpan.FromSeconds(30),
        "TERMINATE" => TimeSpan.FromMinutes(5),
        _ => TimeSpan.FromMinutes(15),
    };

    /// <summary>Whether the VM is down for a while and then runs again (Reboot, Redeploy).</summary>
    internal static bool TakesVmDown(string eventType) =>
        string.Equals(eventType, Reboot, StringComparison.OrdinalIgnoreCase)
        || string.Equals(eventType, Redeploy, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the VM is deleted (Preempt, Terminate).</summary>
    internal static bool DeletesVm(string eventType) =>
        string.Equals(eventType, Preempt, StringComparison.OrdinalIgnoreCase)
        || string.Equals(eventType, Terminate, StringComparison.OrdinalIgnoreCase);
}
