using System.Globalization;

namespace DrainSafe.Sandbox.Scenarios;

/// <summary>How the sandbox names nodes and their VMs, AKS scale-set style.</summary>
public static class SandboxNames
{
    /// <summary>The Kubernetes node name of instance <paramref name="index"/> of a pool: <c>pool1-vmss000003</c>.</summary>
    public static string NodeName(string pool, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{pool}-vmss{index:D6}");

    /// <summary>The VM's compute name, as IMDS reports it and as events list it: <c>pool1-vmss_3</c>.</summary>
    public static string VmName(string pool, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{pool}-vmss_{index}");
}
