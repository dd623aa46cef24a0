using DrainSafe.Agent;
using DrainSafe.Entities;
using DrainSafe.Operator;
using DrainSafe.Operator.Hosting;
using DrainSafe.Operator.Sdk.Generation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// `generate` writes the CRD, RBAC and kustomize files from the attributes in the code.
if (args is ["generate", ..])
{
    return await GenerateCommand.RunAsync(args[1..], Manifests(), Console.Out, Console.Error, CancellationToken.None);
}

try
{
    using var host = OperatorHost.Create(args, ownsProcess: true);
    await host.RunAsync();
    return 0;
}
catch (k8s.Exceptions.KubeConfigException e)
{
    Console.Error.WriteLine($"drainsafe-operator: cannot reach the API server: {e.Message} (set KUBECONFIG, or run in a pod with a service account).");
    return 2;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"drainsafe-operator: invalid configuration: {string.Join(" ", e.Failures)}");
    return 2;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException && e.Message.Contains("Failed to convert configuration value", StringComparison.Ordinal))
{
    Console.Error.WriteLine($"drainsafe-operator: invalid configuration: {e.Message}");
    return 2;
}

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
            // The agent's role: AgentPermissions alone (it lives in DrainSafe.Entities, where the operator can read it
            // without shipping the agent).
            new RbacComponent(
                AgentPermissions.Name, DrainSafeLabels.AgentComponent, Namespace,
                [typeof(AgentPermissions)], ComponentLabels(DrainSafeLabels.AgentComponent)),
        ],
        ChartCrdDirectory: "charts/drainsafe/crds",
        ChartRbacDirectory: "charts/drainsafe/files/rbac");

    static Dictionary<string, string> ComponentLabels(string component) => new()
    {
        [DrainSafeLabels.PartOf] = DrainSafeLabels.Application,
        [DrainSafeLabels.Component] = component,
    };
}
