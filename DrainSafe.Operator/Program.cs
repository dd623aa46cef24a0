using DrainSafe.Agent;
using DrainSafe.Entities;
using DrainSafe.Operator;
using DrainSafe.Operator.Sdk.Generation;

// `generate` writes the CRD, RBAC and kustomize files from the attributes in the code; the operator itself comes later.
if (args is ["generate", ..])
{
    return await GenerateCommand.RunAsync(args[1..], Manifests(), Console.Out, Console.Error, CancellationToken.None);
}

Console.Error.WriteLine("drainsafe-operator: the maintenance controller is not in this build yet (it comes with the operator issue).\nAvailable: drainsafe-operator generate [--out DIR]   writes the CRD, RBAC and kustomize files");
return 2;

static ManifestPlan Manifests()
{
    const string Namespace = "drainsafe-system";
    var application = new Dictionary<string, string>
    {
        [DrainSafeLabels.PartOf] = DrainSafeLabels.Application,
    };

    return new ManifestPlan(
        RepositoryMarker: "DrainSafe.sln",
        Namespace: Namespace,
        NamespaceLabels: application,
        Entities: [typeof(NodeMaintenance)],
        Components:
        [
            // The operator's role: its own declarations plus whatever the runtime (Sdk) declares.
            RbacComponent.FromAssemblies(
                OperatorPermissions.Name, DrainSafeLabels.OperatorComponent, Namespace,
                ComponentLabels(DrainSafeLabels.OperatorComponent),
                typeof(OperatorPermissions).Assembly, typeof(GenerateCommand).Assembly),
            RbacComponent.FromAssemblies(
                AgentPermissions.Name, DrainSafeLabels.AgentComponent, Namespace,
                ComponentLabels(DrainSafeLabels.AgentComponent),
                typeof(AgentPermissions).Assembly),
        ],
        ChartCrdDirectory: "charts/drainsafe/crds");

    static Dictionary<string, string> ComponentLabels(string component) => new()
    {
        [DrainSafeLabels.PartOf] = DrainSafeLabels.Application,
        [DrainSafeLabels.Component] = component,
    };
}
