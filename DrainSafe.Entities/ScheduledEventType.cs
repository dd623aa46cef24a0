namespace DrainSafe.Entities;

/// <summary>
/// What Azure will do to the VM (<c>EventType</c> of a scheduled event). Read with
/// <see cref="Serialization.UnknownTolerantEnumConverter{TEnum}"/>: a type Azure adds later becomes
/// <see cref="Unknown"/>, and the agent keeps Azure's text in <see cref="ScheduledEvent.UnrecognizedValues"/>.
/// </summary>
public enum ScheduledEventType
{
    /// <summary>A value this version of DrainSafe does not know; see <see cref="ScheduledEvent.UnrecognizedValues"/>.</summary>
    Unknown = 0,

    /// <summary>The VM is paused for seconds; memory, open files and network connections are kept.</summary>
    Freeze,

    /// <summary>The VM restarts; memory is lost, disks are kept.</summary>
    Reboot,

    /// <summary>The VM moves to another host; ephemeral (temporary) disks are lost.</summary>
    Redeploy,

    /// <summary>A Spot VM is being deleted (best effort, about 30 seconds of notice).</summary>
    Preempt,

    /// <summary>The VM is being deleted (scale sets with a termination notification).</summary>
    Terminate,
}
