using System.Collections.Concurrent;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Nodes;
using k8s.Models;
using Xunit.Abstractions;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>
/// The agent as it ships: its own process, configured like the DaemonSet (NODE_NAME, its VM's IMDS address, a
/// kubeconfig), against the sandbox API server and the real operator, through a whole maintenance. The published
/// NativeAOT binary (named by DRAINSAFE_AOT_AGENT, which <c>.ci/run</c> sets) must do exactly what the JIT build does.
/// </summary>
public sealed class PublishedAgentTests(ITestOutputHelper output)
{
    private const string Pool = "pool1";
    private const string Apps = "apps";

    [SkippableFact]
    public async Task The_native_agent_process_takes_a_node_through_a_whole_maintenance_with_the_same_result_as_the_jit_agent()
    {
        var native = AgentProcess.NativeAgentPath;
        CiRequirement.Require("the NativeAOT agent end-to-end test", native switch
        {
            null => $"{AgentProcess.NativeBinaryVariable} is not set: publish DrainSafe.Agent.Aot (bash .ci/run does) and name the binary in it",
            _ when !File.Exists(native) => $"{AgentProcess.NativeBinaryVariable}={native} does not exist",
            _ => null,
        });

        var jit = await RunMaintenanceAsync(AgentProcess.JitAgentPath);
        var aot = await RunMaintenanceAsync(native!);

        output.WriteLine($"JIT:       {jit}");
        output.WriteLine($"NativeAOT: {aot}");
        Assert.Equal(
            new MaintenanceMilestones([MaintenanceState.NodeCordoned, MaintenanceState.NodeDrained, MaintenanceState.MaintenanceStarted, MaintenanceState.NodeUncordoned],
                ApprovalsAtImds: 1, ApprovedByThisVm: true, RecordedInStatus: true, NodeSchedulableAtEnd: true, EvictablePodsLeftOnNode: 0),
            jit.Milestones);
        Assert.Equal(jit.Milestones, aot.Milestones);
    }

    // One maintenance of node 0 (a Reboot of its VM, with pods under a PDB on it) with the agent at `agentPath` as its own process.
    private async Task<RunResult> RunMaintenanceAsync(string agentPath)
    {
        await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            ServeImds = true,
            Imds = new ImdsOptions { RequestsPerWindow = 0 },
            World = new WorldOptions { PodStartDelay = TimeSpan.FromMilliseconds(50), GracePeriodScale = 0.01 },
        });
        CustomResourceDefinitionFile.Install(cluster.Store, RepositoryRoot.Combine(CustomResourceDefinitionFile.RelativePath));
        cluster.AddNodePool(Pool, 2);
        if (cluster.Store.Get(BuiltInResources.Namespaces, null, Apps) is null)
        {
            cluster.Store.Create(BuiltInResources.Namespaces, WorkloadManifests.Namespace(Apps));
        }

        cluster.Store.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment(Apps, "web", replicas: 4, gracePeriodSeconds: 30));
        cluster.Store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb(Apps, "web-pdb", "web", minAvailable: null, maxUnavailable: "1"));
        var node = new NodeRequest(Pool, 0).Name;
        var vm = new NodeRequest(Pool, 0).VmName;
        await Eventually.HoldsAsync(() => RunningPods(cluster, node) > 0 && RunningPods(cluster, null) == 4, "web runs, some of it on node 0");

        await using var drainSafe = new DrainSafeInCluster(cluster);
        await drainSafe.StartOperatorAsync(CancellationToken.None);
        var states = new ConcurrentQueue<MaintenanceState>();
        var recordedApprovals = new ConcurrentDictionary<string, bool>();
        using var stopRecording = new CancellationTokenSource();
        var recording = RecordAsync(cluster, node, states, recordedApprovals, stopRecording.Token);
        var directory = Directory.CreateTempSubdirectory("drainsafe-agent-process-");
        try
        {
            var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(directory.FullName, "kubeconfig"));
            await using var agent = AgentProcess.Start(agentPath, node, cluster.ImdsServer!.VmBaseAddress(vm), kubeconfig, TimeSpan.FromMilliseconds(250));
            string Diagnostics() => $"states: {string.Join(" > ", states)}; approvals: {string.Join(", ", cluster.Imds.GetApprovals())}; exited: {agent.Process.HasExited}\nagent output:\n{agent.Tail()}";
            await Eventually.HoldsAsync(() => Maintenance(cluster, node) is not null, "the agent creates its NodeMaintenance", Diagnostics, TimeSpan.FromMinutes(3));

            var eventId = cluster.Imds.ScheduleEvent(new ScheduledEventSpec
            {
                EventType = ImdsEventTypes.Reboot,
                Resources = [vm],
                Notice = TimeSpan.FromMinutes(10),
                Duration = TimeSpan.FromSeconds(3),
                ImpactDuration = TimeSpan.FromSeconds(1),
            });
            var evictableLeft = -1;
            await Eventually.HoldsAsync(() =>
            {
                if (evictableLeft < 0 && cluster.Imds.GetEvents().Any(e => e.EventId == eventId && e.EventStatus == ImdsEventStatus.Started))
                {
                    evictableLeft = RunningPods(cluster, node);
                }

                return states.Contains(MaintenanceState.NodeUncordoned) && Maintenance(cluster, node)?.Status?.State == MaintenanceState.NodeUncordoned;
            }, "the maintenance runs to NodeUncordoned", Diagnostics, TimeSpan.FromMinutes(3));

            var approvals = cluster.Imds.GetApprovals();
            var result = new MaintenanceMilestones(
                Milestones(states),
                ApprovalsAtImds: approvals.Count,
                ApprovedByThisVm: approvals.All(a => a.EventId == eventId && a.ApprovedBy == vm),
                RecordedInStatus: recordedApprovals.Keys.SequenceEqual([eventId]),
                NodeSchedulableAtEnd: cluster.Store.Get<V1Node>(null, node)!.Spec?.Unschedulable != true,
                EvictablePodsLeftOnNode: evictableLeft);
            Assert.False(agent.Process.HasExited, $"the agent exited: {agent.Tail()}");
            Assert.True(await agent.StopAsync(TimeSpan.FromSeconds(10)), $"the agent did not stop on SIGTERM: {agent.Tail()}");
            return new RunResult(Path.GetFileName(agentPath), result, string.Join(" > ", states));
        }
        finally
        {
            await stopRecording.CancelAsync();
            await recording;
            directory.Delete(recursive: true);
        }
    }

    // The first time each milestone state was reached, in order: what a user would call "the same maintenance".
    private static List<MaintenanceState> Milestones(IEnumerable<MaintenanceState> states) =>
        states.Where(s => s is MaintenanceState.NodeCordoned or MaintenanceState.NodeDrained or MaintenanceState.MaintenanceStarted or MaintenanceState.NodeUncordoned)
            .Distinct().ToList();

    private static NodeMaintenance? Maintenance(SimulatedCluster cluster, string node) => cluster.Store.Get<NodeMaintenance>(null, node);

    private static int RunningPods(SimulatedCluster cluster, string? node) => cluster.Store.List<V1Pod>(Apps, labelSelector: "app=web")
        .Count(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null && (node is null || p.Spec.NodeName == node));

    // Every state the node's NodeMaintenance went through (repeats folded) and every id status.approvedEventIds ever listed
    // (ids of events that have left IMDS are pruned later), from the store's own watch so that nothing fast is missed.
    private static async Task RecordAsync(SimulatedCluster cluster, string node, ConcurrentQueue<MaintenanceState> states,
        ConcurrentDictionary<string, bool> approvedEventIds, CancellationToken cancellationToken)
    {
        await using var subscription = cluster.Store.Watch(cluster.Store.ResourceFor<NodeMaintenance>());
        try
        {
            await foreach (var change in subscription.ReadAllAsync(cancellationToken))
            {
                if (change.Object is not { } obj || obj.Name != node)
                {
                    continue;
                }

                var status = obj.Deserialize<NodeMaintenance>().Status;
                if (status?.State is { } state && (states.IsEmpty || states.Last() != state))
                {
                    states.Enqueue(state);
                }

                foreach (var id in status?.ApprovedEventIds ?? [])
                {
                    approvedEventIds.TryAdd(id, true);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record MaintenanceMilestones(
        IReadOnlyList<MaintenanceState> States, int ApprovalsAtImds, bool ApprovedByThisVm, bool RecordedInStatus, bool NodeSchedulableAtEnd, int EvictablePodsLeftOnNode)
    {
        public bool Equals(MaintenanceMilestones? other) =>
            other is not null && States.SequenceEqual(other.States) && (ApprovalsAtImds, ApprovedByThisVm, RecordedInStatus, NodeSchedulableAtEnd, EvictablePodsLeftOnNode)
                == (other.ApprovalsAtImds, other.ApprovedByThisVm, other.RecordedInStatus, other.NodeSchedulableAtEnd, other.EvictablePodsLeftOnNode);

        public override int GetHashCode() => HashCode.Combine(States.Count, ApprovalsAtImds, NodeSchedulableAtEnd);

        public override string ToString() =>
            $"milestones {string.Join(" > ", States)}; IMDS approvals {ApprovalsAtImds} (by this VM: {ApprovedByThisVm}); recorded {RecordedInStatus}; schedulable at end {NodeSchedulableAtEnd}; evictable pods left when started {EvictablePodsLeftOnNode}";
    }

    private sealed record RunResult(string Agent, MaintenanceMilestones Milestones, string AllStates)
    {
        public override string ToString() => $"{Agent}: {Milestones}; all states: {AllStates}";
    }
}
