using DrainSafe.Sandbox.Scenarios;

namespace DrainSafe.Sandbox.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    [Fact]
    public void Every_built_in_scenario_loads_and_names_itself_after_its_file()
    {
        Assert.Contains(ScenarioLoader.DefaultScenario, ScenarioLoader.BuiltInNames);
        Assert.Equal(
            ["cancellation", "hardware-failure", "multi-vm-event", "pdb-blocks-forever", "rolling-host-maintenance", "spot-preemption"],
            ScenarioLoader.BuiltInNames);
        foreach (var name in ScenarioLoader.BuiltInNames)
        {
            var scenario = ScenarioLoader.Load(name);
            Assert.Equal(name, scenario.Name);
            Assert.NotEmpty(scenario.Timeline);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Description));
        }
    }

    [Fact]
    public void The_default_scenario_reads_pools_workloads_timeline_and_expectations()
    {
        var scenario = ScenarioLoader.Load(ScenarioLoader.DefaultScenario);

        var pool = Assert.Single(scenario.Cluster.Pools);
        Assert.Equal(new NodePoolSpec("pool1", 4, 30), pool);
        var web = scenario.Cluster.Workloads.Single(w => w.Name == "web");
        Assert.Equal(WorkloadKind.Deployment, web.Kind);
        Assert.Equal("shop", web.Namespace);
        Assert.Equal(8, web.Replicas);
        Assert.Equal(new PdbSpec("6", null), web.Pdb);
        Assert.Equal(WorkloadKind.DaemonSet, scenario.Cluster.Workloads.Single(w => w.Name == "node-exporter").Kind);

        var first = scenario.Timeline[0];
        Assert.Equal(TimelineAction.Schedule, first.Action);
        Assert.Equal("host-0", first.Id);
        Assert.Equal("Reboot", first.EventType);
        Assert.Equal(["pool1-vmss_0"], first.Vms);
        Assert.Equal(TimeSpan.FromSeconds(1), first.At);
        Assert.Equal(TimeSpan.FromSeconds(20), first.Notice);
        Assert.Equal(["host-0", "host-1", "host-2"], scenario.Expectations.ApprovedEvents);
        Assert.Equal(TimeSpan.FromSeconds(100), scenario.Timeout);
    }

    [Fact]
    public void A_cancellation_step_refers_to_the_step_it_withdraws()
    {
        var scenario = ScenarioLoader.Load("cancellation");

        var cancel = scenario.Timeline.Single(t => t.Action == TimelineAction.Cancel);
        Assert.Equal("planned", cancel.Cancels);
        Assert.Equal(TimeSpan.FromSeconds(6), cancel.At);
    }

    [Fact]
    public void Invalid_scenario_lists_every_problem_with_its_field()
    {
        const string yaml = """
            name: broken
            cluster:
              pools:
                - { name: Pool_1, nodes: 0 }
              workloads:
                - { kind: CronJob, name: x, pdb: { minAvailable: "1", maxUnavailable: "1" } }
            timeline:
              - { at: soon, event: Reboot, vms: [nowhere] }
              - { at: 1s, cancel: missing }
            """;

        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "broken.yaml"));

        Assert.StartsWith("broken.yaml is not a valid scenario:", error.Message);
        Assert.Contains("cluster.pools[0].name: 'Pool_1' must be a lowercase DNS label", error.Message);
        Assert.Contains("cluster.pools[0].nodes: 0 is out of range 1..10000", error.Message);
        Assert.Contains("cluster.workloads[0].kind: 'CronJob' is not one of", error.Message);
        Assert.Contains("cluster.workloads[0].pdb: set exactly one of minAvailable and maxUnavailable", error.Message);
        Assert.Contains("timeline[0].at: 'soon' is not a duration", error.Message);
        Assert.Contains("timeline[0].vms: 'nowhere' is not a VM of the cluster", error.Message);
        Assert.Contains("cancels 'missing', which is no step id", error.Message);
    }

    [Fact]
    public void Events_may_list_VMs_of_another_cluster_declared_in_externalVms()
    {
        const string yaml = """
            name: neighbour
            cluster:
              pools:
                - { name: pool1, nodes: 2 }
              externalVms:
                - { name: other-cluster-vm-0, sharesPlacementGroupWith: pool1-vmss000000 }
                - { name: standalone-vm }
            timeline:
              - { at: 1s, id: host, event: Reboot, vms: [other-cluster-vm-0, pool1-vmss_1] }
            """;

        var scenario = ScenarioLoader.Parse(yaml, "neighbour.yaml");

        Assert.Equal([new ExternalVmSpec("other-cluster-vm-0", "pool1-vmss000000"), new ExternalVmSpec("standalone-vm", null)], scenario.Cluster.ExternalVms);
        Assert.Equal(["other-cluster-vm-0", "pool1-vmss_1"], scenario.Timeline.Single().Vms);
    }

    [Fact]
    public void A_scenario_can_make_the_disruption_controller_lag_and_a_bad_delay_is_refused_naming_the_field()
    {
        const string Yaml = """
            name: busy-control-plane
            timeout: 60s
            cluster:
              pools:
                - { name: pool1, nodes: 2 }
              disruptionControllerDelay: DELAY
            timeline:
              - { at: 1s, event: Reboot, vms: [pool1-vmss_0] }
            """;

        Assert.Equal(TimeSpan.FromSeconds(2.5), ScenarioLoader.Parse(Yaml.Replace("DELAY", "2.5s", StringComparison.Ordinal), "busy.yaml").Cluster.DisruptionControllerDelay);
        Assert.Equal(TimeSpan.Zero, ScenarioLoader.Parse(Yaml.Replace("  disruptionControllerDelay: DELAY\n", "", StringComparison.Ordinal), "busy.yaml").Cluster.DisruptionControllerDelay);
        var notDuration = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Yaml.Replace("DELAY", "soon", StringComparison.Ordinal), "busy.yaml"));
        Assert.Contains("cluster.disruptionControllerDelay: 'soon' is not a duration like 500ms, 15s, 2m or 1h", notDuration.Message);
        var tooLong = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(Yaml.Replace("DELAY", "2m", StringComparison.Ordinal), "busy.yaml"));
        Assert.Contains("cluster.disruptionControllerDelay: '2m' must be shorter than the scenario's timeout (60s)", tooLong.Message);
    }

    [Fact]
    public void External_VMs_named_like_the_clusters_own_or_sharing_the_group_of_a_missing_node_are_refused()
    {
        const string yaml = """
            name: neighbour
            cluster:
              pools:
                - { name: pool1, nodes: 2 }
              externalVms:
                - { name: pool1-vmss_7 }
                - { name: other-vm, sharesPlacementGroupWith: pool1-vmss000009 }
                - { sharesPlacementGroupWith: pool1-vmss000000 }
            timeline:
              - { at: 1s, event: Reboot, vms: [not-declared-vm] }
            """;

        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(yaml, "neighbour.yaml"));

        Assert.Contains("cluster.externalVms[0].name: 'pool1-vmss_7' is named like a VM of pool 'pool1'", error.Message);
        Assert.Contains("cluster.externalVms[1].sharesPlacementGroupWith: 'pool1-vmss000009' is not a node of the cluster", error.Message);
        Assert.Contains("cluster.externalVms[2].name", error.Message);
        Assert.Contains("timeline[0].vms: 'not-declared-vm' is not a VM of the cluster", error.Message);
        Assert.Contains("cluster.externalVms", error.Message);
    }

    [Fact]
    public void Malformed_yaml_names_the_line()
    {
        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse("name: [unclosed", "bad.yaml"));

        Assert.StartsWith("bad.yaml: line 1:", error.Message);
    }

    [Fact]
    public void Unknown_scenario_name_lists_the_built_in_ones()
    {
        var error = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Load("no-such-scenario"));

        Assert.Contains("rolling-host-maintenance", error.Message);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("3", 3_000)]
    public void Durations_accept_the_usual_units(string text, int milliseconds)
    {
        var errors = new List<string>();

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ScenarioLoader.ParseDuration(text, "f", errors));
        Assert.Empty(errors);
    }
}
