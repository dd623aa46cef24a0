namespace DrainSafe.Sandbox.World.Nodes;

/// <summary>The labels, annotations and taints the simulated cluster puts on its nodes, AKS style.</summary>
public static class SandboxNodeLabels
{
    /// <summary>The node pool (AKS: <c>kubernetes.azure.com/agentpool</c>).</summary>
    public const string AgentPool = "kubernetes.azure.com/agentpool";

    /// <summary>The standard hostname label.</summary>
    public const string Hostname = "kubernetes.io/hostname";

    /// <summary>
    /// The Azure compute name of the VM behind the node (what IMDS reports and events list), e.g. <c>pool1-vmss_3</c>.
    /// A sandbox annotation: real AKS nodes carry it only inside <c>spec.providerID</c>.
    /// </summary>
    public const string VmNameAnnotation = "sandbox.drainsafe.azure.com/vm-name";

    /// <summary>The taint the node lifecycle controller puts on a node that stopped reporting.</summary>
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    /// <summary>The taint key that stands for <c>spec.unschedulable</c> in tolerations.</summary>
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    /// <summary>The taint the node lifecycle controller puts on a node whose Ready condition is False.</summary>
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
}
