using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Eviction;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World.Disruption;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.World;

/// <summary>The eviction rules against a bare store (no world running), so every budget state is set by the test.</summary>
public sealed class EvictionPolicyTests : IAsyncLifetime
{
    private readonly ObjectStore _store = new(new SandboxApiServerOptions());
    private readonly DisruptionBudgetEvictionPolicy _policy = new(TimeProvider.System);
    private readonly List<EvictionObservation> _observed = [];

    public EvictionPolicyTests()
    {
        _policy.Observed += o => _observed.Add(o);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    [Fact]
    public async Task Budget_not_yet_observed_answers_429_still_being_processed()
    {
        var pod = RunningPod("web-0");
        _store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "1", null));

        var decision = await EvaluateAsync(pod);

        Assert.Equal(429, decision.Rejection!.Code);
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", decision.Rejection.Message);
        var cause = Assert.Single(decision.Rejection.Causes);
        Assert.Equal("DisruptionBudget", cause.Reason);
        Assert.Equal("The disruption budget web-pdb is still being processed by the server.", cause.Message);
    }

    [Fact]
    public async Task Budget_with_no_disruption_allowed_answers_429_naming_it_with_its_counts()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 6, current: 6, allowed: 0);

        var decision = await EvaluateAsync(pod);

        Assert.Equal(429, decision.Rejection!.Code);
        Assert.Equal("The disruption budget web-pdb needs 6 healthy pods and has 6 currently", decision.Rejection.Causes.Single().Message);
        Assert.Equal(EvictionOutcome.BlockedByBudget, _observed.Single().Outcome);
    }

    [Fact]
    public async Task Allowed_eviction_spends_the_budget_at_once_and_records_the_pod()
    {
        var first = RunningPod("web-0");
        var second = RunningPod("web-1");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);

        var allowed = await EvaluateAsync(first);
        var refused = await EvaluateAsync(second);

        Assert.True(allowed.IsAllowed);
        Assert.Equal(429, refused.Rejection!.Code);
        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Equal(["web-0"], status.DisruptedPods.Keys);
        Assert.Equal("False", status.Conditions.Single(c => c.Type == "DisruptionAllowed").Status);
    }

    [Fact]
    public async Task Concurrent_evictions_cannot_both_spend_the_last_allowed_disruption()
    {
        var pods = Enumerable.Range(0, 8).Select(i => RunningPod($"web-{i}")).ToList();
        BudgetWithStatus("web-pdb", desired: 7, current: 8, allowed: 1);

        var decisions = await Task.WhenAll(pods.Select(p => Task.Run(async () => await EvaluateAsync(p))));

        Assert.Single(decisions, d => d.IsAllowed);
        Assert.All(decisions.Where(d => !d.IsAllowed), d => Assert.Equal(429, d.Rejection!.Code));
    }

    [Fact]
    public async Task An_eviction_whose_budget_changed_after_it_read_it_decides_again_on_the_new_budget()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 7, current: 8, allowed: 1);
        var competed = false;
        _policy.BeforeBudgetWrite = name =>
        {
            if (competed)
            {
                return;
            }

            // Another eviction spends the last disruption between this one's read and its write.
            competed = true;
            var budget = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", name)!.ToJsonObject();
            budget["status"]!["disruptionsAllowed"] = 0;
            budget["status"]!["disruptedPods"] = new JsonObject { ["web-7"] = "2025-01-01T00:00:00Z" };
            _store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, budget);
        };

        var decision = await EvaluateAsync(pod);

        Assert.True(competed);
        Assert.Equal(429, decision.Rejection?.Code);
        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Equal(["web-7"], status.DisruptedPods.Keys);
    }

    [Fact]
    public async Task Pod_matched_by_two_budgets_answers_500()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 0, current: 1, allowed: 1);
        BudgetWithStatus("other-pdb", desired: 0, current: 1, allowed: 1);

        var decision = await EvaluateAsync(pod);

        Assert.Equal(500, decision.Rejection!.Code);
        Assert.Equal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", decision.Rejection.Message);
    }

    [Fact]
    public async Task Pending_and_terminating_pods_bypass_the_budget()
    {
        var pending = _store.Create(BuiltInResources.Pods, WorkloadManifests.BarePod("default", "web-0", "web"));
        BudgetWithStatus("web-pdb", desired: 5, current: 5, allowed: 0);

        Assert.True((await EvaluateAsync(pending)).IsAllowed);
    }

    [Fact]
    public async Task Terminating_pod_bypasses_a_budget_that_allows_no_disruption()
    {
        var running = RunningPod("web-0");
        var held = running.ToJsonObject();
        held["metadata"]!["finalizers"] = new JsonArray("test.drainsafe.azure.com/hold");
        _store.Update(BuiltInResources.Pods, held);
        _store.Delete(BuiltInResources.Pods, "default", "web-0");
        BudgetWithStatus("web-pdb", desired: 5, current: 5, allowed: 0);

        var terminating = _store.Get(BuiltInResources.Pods, "default", "web-0")!;
        Assert.True(terminating.IsDeleting);
        Assert.True((await EvaluateAsync(terminating)).IsAllowed);
        Assert.Equal(0, _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Unready_pod_is_refused_while_the_budget_does_not_hold()
    {
        var unready = RunningPod("web-0", ready: false);
        BudgetWithStatus("web-pdb", desired: 3, current: 2, allowed: 0);

        var decision = await EvaluateAsync(unready);

        Assert.Equal(429, decision.Rejection?.Code);
        Assert.Equal("The disruption budget web-pdb needs 3 healthy pods and has 2 currently", decision.Rejection!.Causes.Single().Message);
    }

    [Fact]
    public async Task Unready_pod_is_refused_by_a_budget_that_desires_no_healthy_pod_and_allows_no_disruption()
    {
        var unready = RunningPod("web-0", ready: false);
        BudgetWithStatus("web-pdb", desired: 0, current: 0, allowed: 0);

        Assert.Equal(429, (await EvaluateAsync(unready)).Rejection?.Code);
    }

    [Fact]
    public async Task Unready_pod_may_go_under_an_AlwaysAllow_budget_that_does_not_hold()
    {
        var unready = RunningPod("web-0", ready: false);
        BudgetWithStatus("web-pdb", desired: 3, current: 2, allowed: 0, unhealthyPodEvictionPolicy: "AlwaysAllow");

        Assert.True((await EvaluateAsync(unready)).IsAllowed);
    }

    [Fact]
    public async Task Unready_pod_may_go_while_the_budget_holds_without_spending_it()
    {
        var unready = RunningPod("web-0", ready: false);
        BudgetWithStatus("web-pdb", desired: 2, current: 2, allowed: 0);

        var decision = await EvaluateAsync(unready);

        Assert.True(decision.IsAllowed);
        Assert.Equal(0, _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Dry_run_eviction_is_allowed_but_leaves_the_budget_unspent()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);

        var decision = await EvaluateAsync(pod, new DeleteOptions { DryRun = true });

        Assert.True(decision.IsAllowed);
        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(1, status.DisruptionsAllowed);
        Assert.Null(status.DisruptedPods);
    }

    [Fact]
    public async Task Eviction_with_a_stale_uid_precondition_answers_409_Conflict_after_spending_the_budget_like_upstream()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);

        var decision = await EvaluateAsync(pod, new DeleteOptions { PreconditionUid = "uid-of-a-predecessor" });

        Assert.Equal(409, decision.Rejection!.Code);
        Assert.Equal("Conflict", decision.Rejection.Reason);
        Assert.Contains("Precondition failed: UID in precondition: uid-of-a-predecessor", decision.Rejection.Message);
        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Equal(["web-0"], status.DisruptedPods.Keys);
        Assert.Equal(EvictionOutcome.Refused, _observed.Single().Outcome);
    }

    [Fact]
    public async Task Eviction_with_a_stale_resource_version_precondition_answers_409_Conflict_after_spending_the_budget_like_upstream()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);

        var decision = await EvaluateAsync(pod, new DeleteOptions { PreconditionResourceVersion = "1" });

        Assert.Equal(409, decision.Rejection!.Code);
        Assert.Contains("Precondition failed: ResourceVersion in precondition: 1", decision.Rejection.Message);
        Assert.Equal(0, _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Eviction_with_a_stale_uid_precondition_of_a_pod_without_budget_answers_409_Conflict()
    {
        var pod = RunningPod("web-0");

        var decision = await EvaluateAsync(pod, new DeleteOptions { PreconditionUid = "uid-of-a-predecessor" });

        Assert.Equal(409, decision.Rejection!.Code);
    }

    [Fact]
    public async Task Eviction_with_the_current_uid_precondition_proceeds()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);

        var decision = await EvaluateAsync(pod, new DeleteOptions { PreconditionUid = pod.Uid });

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task Mirror_pod_gets_no_exemption_and_is_evicted_like_any_pod()
    {
        var manifest = WorkloadManifests.BarePod("kube-system", "kube-proxy-node0", "kube-proxy", "node0");
        manifest["metadata"]!["annotations"] = new JsonObject { ["kubernetes.io/config.mirror"] = "abc" };
        var pod = _store.Create(BuiltInResources.Pods, manifest);

        var decision = await EvaluateAsync(pod);

        Assert.True(decision.IsAllowed);
        Assert.Equal(EvictionOutcome.Allowed, _observed.Single().Outcome);
    }

    private ValueTask<EvictionDecision> EvaluateAsync(StoredObject pod, DeleteOptions? options = null) =>
        _policy.EvaluateAsync(new EvictionRequest(_store.Get(BuiltInResources.Pods, pod.Namespace, pod.Name)!, _store, options ?? DeleteOptions.Default),
            CancellationToken.None);

    private StoredObject RunningPod(string name, bool ready = true)
    {
        var stored = _store.Create(BuiltInResources.Pods, WorkloadManifests.BarePod("default", name, "web", "node0"));
        var running = stored.ToJsonObject();
        running["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        return _store.UpdateStatus(BuiltInResources.Pods, running);
    }

    private void BudgetWithStatus(string name, int desired, int current, int allowed, string? unhealthyPodEvictionPolicy = null)
    {
        var manifest = WorkloadManifests.Pdb("default", name, "web", desired.ToString(), null);
        if (unhealthyPodEvictionPolicy is not null)
        {
            manifest["spec"]!["unhealthyPodEvictionPolicy"] = unhealthyPodEvictionPolicy;
        }

        var stored = _store.Create(BuiltInResources.PodDisruptionBudgets, manifest);
        var obj = stored.ToJsonObject();
        obj["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["desiredHealthy"] = desired,
            ["currentHealthy"] = current,
            ["disruptionsAllowed"] = allowed,
            ["expectedPods"] = current,
        };
        _store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, obj);
    }
}
