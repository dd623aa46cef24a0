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
        _store.Create(BuiltInResources.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other" } });
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

    [Fact]
    public async Task Evaluating_without_a_request_throws_ArgumentNullException_naming_it()
    {
        var thrown = await Assert.ThrowsAsync<ArgumentNullException>(async () => await _policy.EvaluateAsync(null!, CancellationToken.None));

        Assert.Equal("request", thrown.ParamName);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task Pod_that_is_not_running_bypasses_a_budget_that_does_not_hold_and_leaves_it_unspent(string phase)
    {
        var pod = PodInPhase("web-0", phase);
        BudgetWithStatus("web-pdb", desired: 3, current: 2, allowed: 0);

        var decision = await EvaluateAsync(pod);

        Assert.True(decision.IsAllowed);
        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Null(status.DisruptedPods);
        var observed = _observed.Single();
        Assert.Equal(EvictionOutcome.Allowed, observed.Outcome);
        Assert.Null(observed.BudgetName);
    }

    [Fact]
    public async Task Running_pod_with_phase_Unknown_is_still_held_by_its_budget()
    {
        var pod = PodInPhase("web-0", "Unknown");
        BudgetWithStatus("web-pdb", desired: 3, current: 2, allowed: 0);

        Assert.Equal(429, (await EvaluateAsync(pod)).Rejection?.Code);
    }

    [Fact]
    public async Task Budget_in_another_namespace_does_not_govern_the_pod()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 5, current: 5, allowed: 0, @namespace: "other");

        var decision = await EvaluateAsync(pod);

        Assert.True(decision.IsAllowed);
        Assert.Null(_observed.Single().BudgetName);
    }

    [Fact]
    public async Task Budget_in_another_namespace_does_not_make_a_second_match()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1, @namespace: "other");

        var decision = await EvaluateAsync(pod);

        Assert.True(decision.IsAllowed);
        Assert.Equal("web-pdb", _observed.Single().BudgetName);
    }

    [Fact]
    public async Task Budget_whose_selector_does_not_match_the_pod_labels_does_not_govern_it()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("db-pdb", desired: 5, current: 5, allowed: 0, app: "db");

        var decision = await EvaluateAsync(pod);

        Assert.True(decision.IsAllowed);
        Assert.Null(_observed.Single().BudgetName);
    }

    [Fact]
    public async Task Budget_with_an_empty_selector_governs_every_pod_of_its_namespace_like_policy_v1()
    {
        var pod = RunningPod("web-0");
        var manifest = WorkloadManifests.Pdb("default", "all-pdb", "web", "5", null);
        manifest["spec"]!["selector"] = new JsonObject();
        WithStatus(_store.Create(BuiltInResources.PodDisruptionBudgets, manifest), desired: 5, current: 5, allowed: 0);

        var decision = await EvaluateAsync(pod);

        Assert.Equal(429, decision.Rejection?.Code);
        Assert.Equal("all-pdb", _observed.Single().BudgetName);
    }

    [Fact]
    public async Task Pod_matched_by_two_budgets_answers_500_without_a_reason_and_the_observation_names_both_budgets()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 0, current: 1, allowed: 1);
        BudgetWithStatus("other-pdb", desired: 0, current: 1, allowed: 1);

        var decision = await EvaluateAsync(pod);

        Assert.Equal(string.Empty, decision.Rejection!.Reason);
        var observed = _observed.Single();
        Assert.Equal(EvictionOutcome.MultipleBudgets, observed.Outcome);
        Assert.Equal(["other-pdb", "web-pdb"], observed.BudgetName!.Split(',').Order());
        Assert.Equal(decision.Rejection.Message, observed.Message);
        // Neither budget was spent.
        Assert.All(["web-pdb", "other-pdb"], name => Assert.Equal(1,
            _store.Get(BuiltInResources.PodDisruptionBudgets, "default", name)!.Deserialize<V1PodDisruptionBudget>().Status.DisruptionsAllowed));
    }

    [Fact]
    public async Task Budget_with_negative_disruptions_allowed_answers_403_Forbidden_like_kube_apiserver()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 3, current: 2, allowed: -1);

        var decision = await EvaluateAsync(pod);

        Assert.Equal(403, decision.Rejection!.Code);
        Assert.Equal("Forbidden", decision.Rejection.Reason);
        Assert.Equal("poddisruptionbudget.policy \"web-pdb\" is forbidden: pdb disruptions allowed is negative", decision.Rejection.Message);
        Assert.Equal("web-pdb", decision.Rejection.DetailsName);
        Assert.Equal("policy", decision.Rejection.DetailsGroup);
        Assert.Equal("poddisruptionbudget", decision.Rejection.DetailsKind);
        Assert.Equal(EvictionOutcome.Refused, _observed.Single().Outcome);
        Assert.Equal(decision.Rejection.Message, _observed.Single().Message);
    }

    [Fact]
    public async Task Budget_recording_2000_unconfirmed_evictions_still_allows_one_more()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1, disruptedPods: 2000);

        var decision = await EvaluateAsync(pod);

        Assert.True(decision.IsAllowed);
        Assert.Equal(2001, _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status.DisruptedPods.Count);
    }

    [Fact]
    public async Task Budget_recording_more_than_2000_unconfirmed_evictions_answers_403_Forbidden()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1, disruptedPods: 2001);

        var decision = await EvaluateAsync(pod);

        Assert.Equal(403, decision.Rejection!.Code);
        Assert.Equal("poddisruptionbudget.policy \"web-pdb\" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller",
            decision.Rejection.Message);
        Assert.Equal(1, _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Allowed_eviction_adds_the_pod_to_disruptedPods_keeping_the_evictions_already_recorded()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 3, allowed: 2, disruptedPods: 1);

        Assert.True((await EvaluateAsync(pod)).IsAllowed);

        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(["gone-0", "web-0"], status.DisruptedPods.Keys.Order());
        Assert.Equal(1, status.DisruptionsAllowed);
        // One disruption is left, so the DisruptionAllowed condition is not set to False.
        Assert.DoesNotContain(status.Conditions ?? [], c => c.Type == "DisruptionAllowed" && c.Status == "False");
    }

    [Fact]
    public async Task An_eviction_that_loses_every_write_race_answers_the_409_Conflict_of_the_budget_like_kube_apiserver()
    {
        var pod = RunningPod("web-0");
        BudgetWithStatus("web-pdb", desired: 1, current: 100, allowed: 99);
        var competitors = 0;
        _policy.BeforeBudgetWrite = name =>
        {
            // Every time, another eviction spends a disruption between this one's read and its write.
            var budget = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", name)!.ToJsonObject();
            var status = budget["status"]!.AsObject();
            status["disruptionsAllowed"] = (int)status["disruptionsAllowed"]! - 1;
            status["disruptedPods"] ??= new JsonObject();
            status["disruptedPods"]![$"competitor-{competitors++}"] = "2025-01-01T00:00:00Z";
            _store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, budget);
        };

        var decision = await EvaluateAsync(pod);

        Assert.Equal(409, decision.Rejection!.Code);
        Assert.Equal("Conflict", decision.Rejection.Reason);
        Assert.Equal("Operation cannot be fulfilled on poddisruptionbudgets.policy \"web-pdb\": "
                     + "the object has been modified; please apply your changes to the latest version and try again", decision.Rejection.Message);
        var status = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!.Deserialize<V1PodDisruptionBudget>().Status;
        Assert.Equal(99 - competitors, status.DisruptionsAllowed);
        Assert.DoesNotContain("web-0", status.DisruptedPods.Keys);
        Assert.Equal(EvictionOutcome.Refused, _observed.Single().Outcome);
        Assert.Null(_observed.Single().HealthyAfter);
    }

    [Fact]
    public async Task Healthy_after_an_eviction_counts_only_the_budget_pods_that_stay_Running_Ready_and_not_terminating()
    {
        var evicted = RunningPod("web-0");
        RunningPod("web-1");
        RunningPod("web-2", ready: false);
        Terminating(RunningPod("web-3"));
        PodInPhase("web-4", "Pending", ready: true);
        RunningPod("db-0", app: "db");
        RunningPod("web-0", @namespace: "other");
        BudgetWithStatus("web-pdb", desired: 1, current: 2, allowed: 1);

        Assert.True((await EvaluateAsync(evicted)).IsAllowed);

        // Only web-1: web-0 is the one going, web-2 is not Ready, web-3 is terminating, web-4 is not Running,
        // db-0 is not selected, other/web-0 is in another namespace.
        var observed = _observed.Single();
        Assert.Equal(1, observed.HealthyAfter);
        Assert.Equal(1, observed.DesiredHealthy);
        Assert.False(observed.BrokeBudget);
    }

    [Fact]
    public async Task Healthy_after_an_eviction_leaves_out_pods_evicted_before_so_a_stale_budget_status_shows_as_a_broken_budget()
    {
        var first = RunningPod("web-0");
        var second = RunningPod("web-1");
        var third = RunningPod("web-2");
        // The status claims more healthy pods than there are: it lets two go while only one may.
        BudgetWithStatus("web-pdb", desired: 2, current: 4, allowed: 2);

        Assert.True((await EvaluateAsync(first)).IsAllowed);
        Assert.True((await EvaluateAsync(second)).IsAllowed);
        Assert.Equal(429, (await EvaluateAsync(third)).Rejection?.Code);

        // The evicted pods are still in the store (nothing deletes them here), yet they no longer count.
        Assert.Equal([2, 1, null], _observed.Select(o => o.HealthyAfter));
        Assert.Equal([false, true, false], _observed.Select(o => o.BrokeBudget));
    }

    [Fact]
    public async Task Healthy_after_an_eviction_still_counts_a_pod_whose_own_eviction_was_refused()
    {
        var refusedFirst = RunningPod("web-0");
        var allowed = RunningPod("web-1");
        RunningPod("web-2");
        BudgetWithStatus("web-pdb", desired: 1, current: 3, allowed: 1);

        // A refused eviction leaves web-0 healthy and counted.
        Assert.Equal(409, (await EvaluateAsync(refusedFirst, new DeleteOptions { PreconditionUid = "uid-of-a-predecessor" })).Rejection?.Code);
        var budget = _store.Get(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb")!;
        WithStatus(budget, desired: 1, current: 3, allowed: 1);
        Assert.True((await EvaluateAsync(allowed)).IsAllowed);

        Assert.Equal(2, _observed.Last().HealthyAfter);
    }

    [Fact]
    public async Task Unready_pod_allowed_while_the_budget_holds_reports_the_healthy_pods_left()
    {
        var unready = RunningPod("web-0", ready: false);
        RunningPod("web-1");
        RunningPod("web-2");
        BudgetWithStatus("web-pdb", desired: 2, current: 2, allowed: 0);

        Assert.True((await EvaluateAsync(unready)).IsAllowed);

        Assert.Equal(2, _observed.Single().HealthyAfter);
        Assert.False(_observed.Single().BrokeBudget);
    }

    [Fact]
    public async Task Eviction_without_a_budget_reports_no_healthy_count()
    {
        var pod = RunningPod("web-0");
        RunningPod("web-1");

        Assert.True((await EvaluateAsync(pod)).IsAllowed);

        Assert.Null(_observed.Single().HealthyAfter);
        Assert.Null(_observed.Single().DesiredHealthy);
    }

    private ValueTask<EvictionDecision> EvaluateAsync(StoredObject pod, DeleteOptions? options = null) =>
        _policy.EvaluateAsync(new EvictionRequest(_store.Get(BuiltInResources.Pods, pod.Namespace, pod.Name)!, _store, options ?? DeleteOptions.Default),
            CancellationToken.None);

    private StoredObject RunningPod(string name, bool ready = true, string app = "web", string @namespace = "default") =>
        PodInPhase(name, "Running", ready, app, @namespace);

    private StoredObject PodInPhase(string name, string phase, bool ready = false, string app = "web", string @namespace = "default")
    {
        var stored = _store.Create(BuiltInResources.Pods, WorkloadManifests.BarePod(@namespace, name, app, "node0"));
        var running = stored.ToJsonObject();
        running["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        return _store.UpdateStatus(BuiltInResources.Pods, running);
    }

    private void Terminating(StoredObject pod)
    {
        var held = _store.Get(BuiltInResources.Pods, pod.Namespace, pod.Name)!.ToJsonObject();
        held["metadata"]!["finalizers"] = new JsonArray("test.drainsafe.azure.com/hold");
        _store.Update(BuiltInResources.Pods, held);
        _store.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name);
        Assert.True(_store.Get(BuiltInResources.Pods, pod.Namespace, pod.Name)!.IsDeleting);
    }

    private void BudgetWithStatus(string name, int desired, int current, int allowed, string? unhealthyPodEvictionPolicy = null,
        string @namespace = "default", string app = "web", int disruptedPods = 0)
    {
        var manifest = WorkloadManifests.Pdb(@namespace, name, app, desired.ToString(), null);
        if (unhealthyPodEvictionPolicy is not null)
        {
            manifest["spec"]!["unhealthyPodEvictionPolicy"] = unhealthyPodEvictionPolicy;
        }

        WithStatus(_store.Create(BuiltInResources.PodDisruptionBudgets, manifest), desired, current, allowed, disruptedPods);
    }

    private void WithStatus(StoredObject budget, int desired, int current, int allowed, int disruptedPods = 0)
    {
        var obj = budget.ToJsonObject();
        var status = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["desiredHealthy"] = desired,
            ["currentHealthy"] = current,
            ["disruptionsAllowed"] = allowed,
            ["expectedPods"] = current,
        };
        if (disruptedPods > 0)
        {
            var map = new JsonObject();
            for (var i = 0; i < disruptedPods; i++)
            {
                map[$"gone-{i}"] = "2025-01-01T00:00:00Z";
            }

            status["disruptedPods"] = map;
        }

        obj["status"] = status;
        _store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, obj);
    }
}
