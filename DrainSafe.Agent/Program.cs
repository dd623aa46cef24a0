using DrainSafe.Agent;
using k8s.Exceptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// The node agent: one per node (DaemonSet). Configuration: section "Agent" (see AgentOptions); SIGTERM stops it gracefully.
try
{
    using var host = AgentHost.Create(args);
    await host.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync("drainsafe-agent: invalid configuration: " + string.Join(" ", e.Failures));
    return 2;
}
catch (KubeConfigException e)
{
    await Console.Error.WriteLineAsync("drainsafe-agent: no API server configuration (not in a cluster and no kubeconfig): " + e.Message);
    return 2;
}
