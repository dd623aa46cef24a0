namespace DrainSafe.Sandbox.Api.Resources;

/// <summary>The built-in resources the sandbox serves from the start.</summary>
public static class BuiltInResources
{
    /// <summary>core/v1 namespaces.</summary>
    public static readonly ResourceType Namespaces = Core("Namespace", "namespaces", "namespace", false, ["ns"], status: true);

    /// <summary>core/v1 nodes.</summary>
    public static readonly ResourceType Nodes = Core("Node", "nodes", "node", false, ["no"], status: true);

    /// <summary>core/v1 pods.</summary>
    public static readonly ResourceType Pods = Core("Pod", "pods", "pod", true, ["po"], status: true, categories: ["all"],
        selectable: ["spec.nodeName", "status.phase", "spec.schedulerName", "spec.restartPolicy", "status.podIP"]);

    /// <summary>core/v1 events.</summary>
    public static readonly ResourceType Events = Core("Event", "events", "event", true, ["ev"],
        selectable: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "source", "type"]);

    /// <summary>core/v1 configmaps.</summary>
    public static readonly ResourceType ConfigMaps = Core("ConfigMap", "configmaps", "configmap", true, ["cm"]);

    /// <summary>core/v1 secrets.</summary>
    public static readonly ResourceType Secrets = Core("Secret", "secrets", "secret", true, [], selectable: ["type"]);

    /// <summary>core/v1 serviceaccounts.</summary>
    public static readonly ResourceType ServiceAccounts = Core("ServiceAccount", "serviceaccounts", "serviceaccount", true, ["sa"]);

    /// <summary>apps/v1 daemonsets.</summary>
    public static readonly ResourceType DaemonSets = Apps("DaemonSet", "daemonsets", "daemonset", ["ds"]);

    /// <summary>apps/v1 replicasets.</summary>
    public static readonly ResourceType ReplicaSets = Apps("ReplicaSet", "replicasets", "replicaset", ["rs"]);

    /// <summary>apps/v1 deployments.</summary>
    public static readonly ResourceType Deployments = Apps("Deployment", "deployments", "deployment", ["deploy"]);

    /// <summary>apps/v1 statefulsets.</summary>
    public static readonly ResourceType StatefulSets = Apps("StatefulSet", "statefulsets", "statefulset", ["sts"]);

    /// <summary>policy/v1 poddisruptionbudgets.</summary>
    public static readonly ResourceType PodDisruptionBudgets = new()
    {
        Group = "policy", Version = "v1", Kind = "PodDisruptionBudget", Plural = "poddisruptionbudgets",
        Singular = "poddisruptionbudget", Namespaced = true, ShortNames = ["pdb"], HasStatusSubresource = true,
    };

    /// <summary>coordination.k8s.io/v1 leases.</summary>
    public static readonly ResourceType Leases = new()
    {
        Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Singular = "lease", Namespaced = true,
    };

    /// <summary>apiextensions.k8s.io/v1 customresourcedefinitions.</summary>
    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", Kind = "CustomResourceDefinition", Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition", Namespaced = false, ShortNames = ["crd", "crds"], Categories = ["api-extensions"],
        HasStatusSubresource = true,
        PrinterColumns = [new PrinterColumn("Created At", "date", ".metadata.creationTimestamp")],
    };

    /// <summary>rbac.authorization.k8s.io/v1 clusterroles (stored; the sandbox does not enforce RBAC).</summary>
    public static readonly ResourceType ClusterRoles = Rbac("ClusterRole", "clusterroles", "clusterrole", namespaced: false,
        createdAt: true);

    /// <summary>rbac.authorization.k8s.io/v1 clusterrolebindings (stored only).</summary>
    public static readonly ResourceType ClusterRoleBindings = Rbac("ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding",
        namespaced: false, createdAt: false);

    /// <summary>rbac.authorization.k8s.io/v1 roles (stored only).</summary>
    public static readonly ResourceType Roles = Rbac("Role", "roles", "role", namespaced: true, createdAt: true);

    /// <summary>rbac.authorization.k8s.io/v1 rolebindings (stored only).</summary>
    public static readonly ResourceType RoleBindings = Rbac("RoleBinding", "rolebindings", "rolebinding", namespaced: true,
        createdAt: false);

    /// <summary>admissionregistration.k8s.io/v1 validatingadmissionpolicies (enforced on requests' writes, with their bindings).</summary>
    public static readonly ResourceType ValidatingAdmissionPolicies = new()
    {
        Group = "admissionregistration.k8s.io", Version = "v1", Kind = "ValidatingAdmissionPolicy",
        Plural = "validatingadmissionpolicies", Singular = "validatingadmissionpolicy", Namespaced = false,
        Categories = ["api-extensions"], HasStatusSubresource = true,
    };

    /// <summary>admissionregistration.k8s.io/v1 validatingadmissionpolicybindings.</summary>
    public static readonly ResourceType ValidatingAdmissionPolicyBindings = new()
    {
        Group = "admissionregistration.k8s.io", Version = "v1", Kind = "ValidatingAdmissionPolicyBinding",
        Plural = "validatingadmissionpolicybindings", Singular = "validatingadmissionpolicybinding", Namespaced = false,
        Categories = ["api-extensions"],
    };

    /// <summary>Every built-in resource.</summary>
    public static readonly IReadOnlyList<ResourceType> All =
    [
        Namespaces, Nodes, Pods, Events, ConfigMaps, Secrets, ServiceAccounts,
        DaemonSets, ReplicaSets, Deployments, StatefulSets, PodDisruptionBudgets, Leases, CustomResourceDefinitions,
        ClusterRoles, ClusterRoleBindings, Roles, RoleBindings, ValidatingAdmissionPolicies, ValidatingAdmissionPolicyBindings,
    ];

    private static ResourceType Core(string kind, string plural, string singular, bool namespaced, string[] shortNames,
        bool status = false, string[]? categories = null, string[]? selectable = null) => new()
    {
        Group = string.Empty, Version = "v1", Kind = kind, Plural = plural, Singular = singular, Namespaced = namespaced,
        ShortNames = shortNames, HasStatusSubresource = status, Categories = categories ?? [], SelectableFields = selectable ?? [],
    };

    private static ResourceType Apps(string kind, string plural, string singular, string[] shortNames) => new()
    {
        Group = "apps", Version = "v1", Kind = kind, Plural = plural, Singular = singular, Namespaced = true,
        ShortNames = shortNames, HasStatusSubresource = true, Categories = ["all"],
    };

    private static ResourceType Rbac(string kind, string plural, string singular, bool namespaced, bool createdAt) => new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = kind, Plural = plural, Singular = singular, Namespaced = namespaced,
        PrinterColumns = createdAt ? [new PrinterColumn("Created At", "date", ".metadata.creationTimestamp")] : [],
    };
}
