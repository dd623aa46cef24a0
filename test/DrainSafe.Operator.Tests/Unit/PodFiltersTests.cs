using DrainSafe.Operator.Drain;
using k8s.Models;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class PodFiltersTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static readonly DrainPolicy Policy = new(
        DeleteEmptyDirData: true,
        EvictUnmanagedPods: true,
        TerminatingPodTimeout: TimeSpan.FromMinutes(5),
        NeverEvictSelector: null,
        NeverEvictAnnotation: "drainsafe.azure.com/never-evict");

    private static readonly DrainPolicy Strict = Policy with { DeleteEmptyDirData = false, EvictUnmanagedPods = false };

    private static V1Pod Pod(string? ownerKind = "ReplicaSet", string? phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "pod",
            NamespaceProperty = "ns",
            Uid = "uid-1",
            OwnerReferences = ownerKind is null ? null : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = ownerKind, Name = "owner", Uid = "uid-owner", Controller = true }],
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] },
        Status = new V1PodStatus { Phase = phase },
    };

    private static PodDecision Decide(V1Pod pod, DrainPolicy? policy = null, bool daemonSetExists = true) =>
        PodFilters.Decide(pod, policy ?? Policy, Now, (_, _) => daemonSetExists);

    private static V1Pod WithAnnotation(V1Pod pod, string key, string value)
    {
        pod.Metadata.Annotations = new Dictionary<string, string> { [key] = value };
        return pod;
    }

    private static V1Pod WithEmptyDir(V1Pod pod)
    {
        pod.Spec.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }];
        return pod;
    }

    [Fact]
    public void A_pod_of_a_ReplicaSet_is_evictable()
    {
        Assert.Same(PodDecision.Evictable, Decide(Pod()));
    }

    [Fact]
    public void A_pod_terminating_for_less_than_the_timeout_is_waited_for()
    {
        var pod = Pod();
        pod.Metadata.DeletionTimestamp = (Now - TimeSpan.FromMinutes(4)).UtcDateTime;

        var decision = Decide(pod);

        Assert.Equal(PodVerdict.WaitForTermination, decision.Verdict);
        Assert.Equal("already terminating", decision.Reason);
    }

    [Fact]
    public void A_pod_terminating_for_exactly_the_timeout_is_still_waited_for()
    {
        var pod = Pod();
        pod.Metadata.DeletionTimestamp = (Now - Policy.TerminatingPodTimeout).UtcDateTime;

        Assert.Equal(PodVerdict.WaitForTermination, Decide(pod).Verdict);
    }

    [Fact]
    public void A_pod_terminating_for_longer_than_the_timeout_is_skipped()
    {
        var pod = Pod();
        pod.Metadata.DeletionTimestamp = (Now - TimeSpan.FromMinutes(6)).UtcDateTime;

        var decision = Decide(pod);

        Assert.Equal(PodVerdict.Skip, decision.Verdict);
        Assert.Equal("terminating for longer than 00:05:00", decision.Reason);
    }

    [Fact]
    public void A_terminating_pod_is_waited_for_whatever_else_it_is()
    {
        var pod = WithAnnotation(WithEmptyDir(Pod(ownerKind: null)), PodFilters.MirrorAnnotation, "hash");
        pod.Metadata.DeletionTimestamp = Now.UtcDateTime;

        Assert.Equal(PodVerdict.WaitForTermination, Decide(pod, Strict).Verdict);
    }

    [Fact]
    public void A_DaemonSet_pod_is_skipped()
    {
        var decision = Decide(Pod(ownerKind: "DaemonSet"), Strict);

        Assert.Equal(PodVerdict.Skip, decision.Verdict);
        Assert.Equal("DaemonSet-managed", decision.Reason);
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void A_finished_DaemonSet_pod_is_evicted(string phase)
    {
        var decision = Decide(Pod(ownerKind: "DaemonSet", phase: phase));

        Assert.Equal(PodVerdict.Evict, decision.Verdict);
        Assert.Equal("finished DaemonSet pod", decision.Reason);
    }

    [Fact]
    public void A_pod_whose_DaemonSet_is_gone_is_refused_as_unmanaged_when_unmanaged_pods_are_not_evicted()
    {
        var decision = Decide(Pod(ownerKind: "DaemonSet"), Strict, daemonSetExists: false);

        Assert.Equal(PodVerdict.Refuse, decision.Verdict);
        Assert.Contains("EvictUnmanagedPods", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_whose_DaemonSet_is_gone_is_evicted_when_unmanaged_pods_are()
    {
        Assert.Same(PodDecision.Evictable, Decide(Pod(ownerKind: "DaemonSet"), daemonSetExists: false));
    }

    [Fact]
    public void The_DaemonSet_is_looked_up_in_the_pod_namespace_by_owner_name()
    {
        var asked = new List<(string, string)>();

        PodFilters.Decide(Pod(ownerKind: "DaemonSet"), Policy, Now, (ns, name) =>
        {
            asked.Add((ns, name));
            return true;
        });

        Assert.Equal([("ns", "owner")], asked);
    }

    [Fact]
    public void A_mirror_pod_is_skipped()
    {
        var decision = Decide(WithAnnotation(Pod(ownerKind: "Node"), PodFilters.MirrorAnnotation, "abc"), Strict);

        Assert.Equal(PodVerdict.Skip, decision.Verdict);
        Assert.Contains("mirror", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("")]
    [InlineData("yes")]
    public void A_pod_annotated_never_evict_is_skipped(string value)
    {
        var decision = Decide(WithAnnotation(Pod(), Policy.NeverEvictAnnotation, value));

        Assert.Equal(PodVerdict.Skip, decision.Verdict);
        Assert.Equal("annotated drainsafe.azure.com/never-evict", decision.Reason);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    public void A_never_evict_annotation_of_false_does_not_protect_the_pod(string value)
    {
        Assert.Same(PodDecision.Evictable, Decide(WithAnnotation(Pod(), Policy.NeverEvictAnnotation, value)));
    }

    [Fact]
    public void A_pod_matching_the_never_evict_selector_is_skipped_and_others_are_not()
    {
        Assert.True(PodLabelSelector.TryParse("tier=db", out var selector));
        var policy = Policy with { NeverEvictSelector = selector };
        var db = Pod();
        db.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "db" };
        var web = Pod();
        web.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "web" };

        var decision = Decide(db, policy);

        Assert.Equal(PodVerdict.Skip, decision.Verdict);
        Assert.Equal("matches the never-evict selector", decision.Reason);
        Assert.Same(PodDecision.Evictable, Decide(web, policy));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void A_finished_pod_is_evicted_even_when_it_has_emptyDir_data_and_no_controller(string phase)
    {
        var decision = Decide(WithEmptyDir(Pod(ownerKind: null, phase: phase)), Strict);

        Assert.Equal(PodVerdict.Evict, decision.Verdict);
        Assert.Equal("finished", decision.Reason);
    }

    [Fact]
    public void A_pod_with_emptyDir_data_is_refused_when_emptyDir_data_may_not_be_deleted()
    {
        var decision = Decide(WithEmptyDir(Pod()), Policy with { DeleteEmptyDirData = false });

        Assert.Equal(PodVerdict.Refuse, decision.Verdict);
        Assert.Contains("DeleteEmptyDirData", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_with_one_emptyDir_among_other_volumes_is_refused_when_emptyDir_data_may_not_be_deleted()
    {
        var pod = WithEmptyDir(Pod());
        pod.Spec.Volumes.Add(new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } });

        Assert.Equal(PodVerdict.Refuse, Decide(pod, Policy with { DeleteEmptyDirData = false }).Verdict);
    }

    [Fact]
    public void A_pod_with_emptyDir_data_is_evicted_when_emptyDir_data_may_be_deleted()
    {
        Assert.Same(PodDecision.Evictable, Decide(WithEmptyDir(Pod())));
    }

    [Fact]
    public void A_pod_with_other_volumes_only_is_evicted_when_emptyDir_data_may_not_be_deleted()
    {
        var pod = Pod();
        pod.Spec.Volumes = [new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } }];

        Assert.Same(PodDecision.Evictable, Decide(pod, Policy with { DeleteEmptyDirData = false }));
    }

    [Fact]
    public void A_pod_without_a_controller_is_refused_when_unmanaged_pods_are_not_evicted()
    {
        var decision = Decide(Pod(ownerKind: null), Policy with { EvictUnmanagedPods = false });

        Assert.Equal(PodVerdict.Refuse, decision.Verdict);
    }

    [Fact]
    public void A_pod_whose_owner_is_not_its_controller_counts_as_unmanaged()
    {
        var pod = Pod();
        pod.Metadata.OwnerReferences[0].Controller = false;

        Assert.Equal(PodVerdict.Refuse, Decide(pod, Policy with { EvictUnmanagedPods = false }).Verdict);
        Assert.Same(PodDecision.Evictable, Decide(pod));
    }

    [Fact]
    public void A_pod_without_a_controller_is_evicted_when_unmanaged_pods_are()
    {
        Assert.Same(PodDecision.Evictable, Decide(Pod(ownerKind: null)));
    }

    [Fact]
    public void A_managed_pod_is_evictable_under_the_strict_policy()
    {
        Assert.Same(PodDecision.Evictable, Decide(Pod(ownerKind: "StatefulSet"), Strict));
    }

    [Fact]
    public void A_pod_of_a_controller_other_than_a_DaemonSet_is_managed_whatever_the_DaemonSet_lookup_says()
    {
        Assert.Same(PodDecision.Evictable, Decide(Pod(ownerKind: "StatefulSet"), Strict, daemonSetExists: false));
    }

    [Fact]
    public void The_filters_refuse_missing_arguments_by_name()
    {
        Assert.Equal("pod", Assert.Throws<ArgumentNullException>(() => PodFilters.Decide(null!, Policy, Now, (_, _) => true)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => PodFilters.Decide(Pod(), null!, Now, (_, _) => true)).ParamName);
        Assert.Equal("daemonSetExists", Assert.Throws<ArgumentNullException>(() => PodFilters.Decide(Pod(), Policy, Now, null!)).ParamName);
    }
}
