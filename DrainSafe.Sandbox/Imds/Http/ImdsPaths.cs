namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>
/// The URL layout: one server for all VMs, each VM under its own base address <c>/vm/{vmName}/</c>, below which the
/// paths are Azure's (<c>metadata/scheduledevents</c>, <c>metadata/instance/compute/name</c>).
/// </summary>
internal static class ImdsPaths
{
    public const string VmPrefix = "/vm/";

    public static bool TryParse(string path, out string vmName, out ImdsRoute route)
    {
        vmName = "";
        route = ImdsRoute.Unknown;
        if (!path.StartsWith(VmPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = path.AsSpan(VmPrefix.Length);
        var slash = rest.IndexOf('/');
        var name = slash < 0 ? rest : rest[..slash];
        if (name.IsEmpty)
        {
            return false;
        }

        vmName = Uri.UnescapeDataString(name.ToString());
        var below = slash < 0 ? ReadOnlySpan<char>.Empty : rest[(slash + 1)..];
        route = below.Equals("metadata/scheduledevents", StringComparison.OrdinalIgnoreCase) ? ImdsRoute.ScheduledEvents
            : below.Equals("metadata/instance/compute/name", StringComparison.OrdinalIgnoreCase) ? ImdsRoute.ComputeName
            : ImdsRoute.Unknown;
        return true;
    }
}
