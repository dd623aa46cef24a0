using System.Collections.Concurrent;
using System.Diagnostics;
using DrainSafe.Entities;
using DrainSafe.Sandbox.World.Disruption;
using Xunit.Abstractions;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// The operator as its own process (the published entry point, kubeconfig from KUBECONFIG), killed with no chance to
/// clean up, again and again through a whole maintenance: it resumes from the API alone.
/// </summary>
public sealed class AbruptRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private OperatorWorld world = null!;
    private string directory = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 3);
        directory = Directory.CreateTempSubdirectory("drainsafe-kill-").FullName;
    }

    public async Task DisposeAsync()
    {
        await world.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task An_operator_killed_again_and_again_completes_the_maintenance_evicts_no_pod_twice_and_leaves_the_node_uncordoned()
    {
        await world.DeployAsync("web", replicas: 6, graceSeconds: 30, pdbMaxUnavailable: "1");
        var allowed = new ConcurrentDictionary<string, int>();
        world.Cluster.Evictions.Observed += o =>
        {
            if (o.Outcome == EvictionOutcome.Allowed)
            {
                allowed.AddOrUpdate(o.PodName, 1, (_, n) => n + 1);
            }
        };
        var node = world.RunningPods("web").GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == node);
        var kubeconfig = world.Cluster.Server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        var killedIn = new List<string>();

        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index);
        world.WriteEvents(index, reboot);
        await RunKillingAsync(kubeconfig, index, MaintenanceState.NodeDrained, killedIn);
        world.WriteEvents(index, OperatorWorld.Started(reboot));
        await RunKillingAsync(kubeconfig, index, MaintenanceState.MaintenanceStarted, killedIn);
        world.WriteEvents(index);
        await RunKillingAsync(kubeconfig, index, MaintenanceState.NodeUncordoned, killedIn);

        output.WriteLine($"killed in: {string.Join(", ", killedIn)}");
        Assert.True(killedIn.Count >= 3, $"killed {killedIn.Count} times");
        Assert.NotEqual(true, world.NodeObject(index).Spec.Unschedulable);
        Assert.False(world.Maintenance(index)!.Status!.CordonedByDrainSafe);
        Assert.NotEmpty(allowed);
        Assert.All(allowed, a => Assert.True(a.Value == 1, $"{a.Key} evicted {a.Value} times; killed in {string.Join(", ", killedIn)}"));
    }

    // Starts the operator process, kills it (SIGKILL) after a short random time, and again, until the node reaches `until`.
    private async Task RunKillingAsync(string kubeconfig, int index, MaintenanceState until, List<string> killedIn)
    {
        var clock = Stopwatch.StartNew();
        var round = 0;
        while (world.Maintenance(index)?.Status?.State != until)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{until} not reached after {round} restarts: {world.Describe(index)}");
            using var process = StartOperator(kubeconfig);
            var life = TimeSpan.FromMilliseconds(round++ % 3 == 2 ? 6000 : 700 + Random.Shared.Next(800));
            await Eventually.HoldsAsync(() => process.HasExited || world.Maintenance(index)?.Status?.State == until || clock.Elapsed > TimeSpan.FromSeconds(90),
                "the process to live its time", timeout: life + TimeSpan.FromSeconds(30)).WaitAsync(life).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!process.HasExited)
            {
                killedIn.Add(world.Maintenance(index)?.Status?.State?.ToString() ?? "(none)");
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private static Process StartOperator(string kubeconfig)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DrainSafe.Operator.dll"));
        foreach (var arg in new[]
        {
            "--Operator:LeaderElection:Enabled=false", "--Operator:Health:Port=0", "--Operator:Health:Host=127.0.0.1",
            "--DrainSafe:EvictionRetryDelay=00:00:00.200", "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
