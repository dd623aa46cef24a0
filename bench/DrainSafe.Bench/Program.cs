using DrainSafe.Bench.Drain;
using DrainSafe.Bench.Latency;
using DrainSafe.Bench.Maintenance;
using DrainSafe.Bench.OperatorScale;
using DrainSafe.Bench.Scale;
using DrainSafe.Bench.World;

// Benchmarks are run by hand or in CI on purpose, never as timed unit tests (machines here are shared and noisy).
return args switch
{
    ["sandbox-scale", .. var rest] => await SandboxScaleBenchmark.RunAsync(rest),
    ["world-scale", .. var rest] => await WorldScaleBenchmark.RunAsync(rest),
    ["drain", .. var rest] => await DrainBenchmark.RunAsync(rest),
    ["latency", .. var rest] => await LatencyBenchmark.RunAsync(rest),
    ["maintenance", .. var rest] => await MaintenanceBenchmark.RunAsync(rest),
    ["scale", .. var rest] => await OperatorScaleBenchmark.RunAsync(rest),
    ["agent", .. var rest] => await DrainSafe.Bench.Agent.AgentFootprintBenchmark.RunAsync(rest),
    [] or ["--help"] or ["-h"] => Usage(0),
    _ => Usage(2, $"unknown benchmark '{args[0]}'"),
};

static int Usage(int exitCode, string? error = null)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"drainsafe-bench: {error}");
    }

    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/DrainSafe.Bench -- <benchmark> [options]

        benchmarks:
          drain   one node with 110 pods: DrainSafe's cordon-to-drained against kubectl drain, without and with a PDB
                  --quick (2 rounds)  --rounds N (default 5)
          latency IMDS event -> NodeMaintenance spec, cordon, first eviction, with real agents polling every 1 s
                  --quick (20 events)  --events N (default 50)  --nodes N (default 10)
          agent   the node agent's footprint, NativeAOT and JIT processes side by side, polling IMDS once per second:
                  binary size, steady RSS, CPU %, start to first poll
                  --quick (30 s window)  --window SECONDS (default 120)  --aot PATH (default $DRAINSAFE_AOT_AGENT, else published)
                  --aot-env NAME=VALUE (repeatable: environment of the NativeAOT process only, e.g. DOTNET_GCgen0size=0x100000;
                  writes section agent-aot-env or agent-quick-aot-env)
          maintenance every built-in scenario with and without DrainSafe: pods lost when their VM went down, approved
                  maintenance started before NotBefore     --quick (timelines x4)
          scale   the operator (its own process) on N nodes with NodeMaintenances and M pods of AKS size: idle memory,
                  CPU and API requests, then E events at once until drained    --quick (500 nodes, 5000 pods, 50 events)
                  --nodes N (default 5000)  --pods N (default 50000)  --events N (default 500)  --idle-seconds N (default 120)
                  --operator-env NAME=VALUE (the operator's process only; writes section scale-operator-env)

        the sandbox itself (not DrainSafe):
          sandbox-scale  create nodes and pods in the sandbox API server over HTTP, list them, report memory
                  --nodes N (default 5000)  --pods N (default 50000)  --concurrency N (default 32)
          world-scale    the simulated cluster (controllers, scheduler, kubelets) runs N nodes and M pods;
                  time to all Running, recovery from a reboot of 1% of the nodes, memory
                  --nodes N (default 5000)  --pods N (default 50000)
        """);
    return exitCode;
}
