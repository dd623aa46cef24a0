using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.World;

/// <summary>Mirror pods, the API objects of static pods: the API deletes them like any pod, the kubelet recreates them.</summary>
public sealed class MirrorPodTests
{
    [Fact]
    public async Task Evicting_a_mirror_pod_answers_201_and_the_kubelet_recreates_it_with_a_new_uid()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 1);
        var node = WorldFixture.Node(0);
        world.EnsureNamespace("kube-system");
        var manifest = WorkloadManifests.BarePod("kube-system", "kube-proxy-" + node, "kube-proxy", node);
        manifest["metadata"]!["annotations"] = new JsonObject { ["kubernetes.io/config.mirror"] = "abc" };
        var original = world.Create(BuiltInResources.Pods, manifest);
        await world.AllRunningAsync("kube-system", "kube-proxy", 1);

        using var answer = await world.Client.CoreV1.CreateNamespacedPodEvictionWithHttpMessagesAsync(new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = original.Name, NamespaceProperty = "kube-system" },
        }, original.Name, "kube-system");

        Assert.Equal(System.Net.HttpStatusCode.Created, answer.Response.StatusCode);
        await Eventually.HoldsAsync(() => world.Pods("kube-system", "kube-proxy") is [var pod] && pod.Metadata.Uid != original.Uid && WorldFixture.IsRunningAndReady(pod),
            "the mirror pod is back, new uid, Running and Ready",
            () => world.Describe("kube-system", "kube-proxy"));
        var recreated = world.Pods("kube-system", "kube-proxy").Single();
        Assert.Equal(original.Name, recreated.Metadata.Name);
        Assert.Equal(node, recreated.Spec.NodeName);
        Assert.Equal("abc", recreated.Metadata.Annotations["kubernetes.io/config.mirror"]);
    }
}
