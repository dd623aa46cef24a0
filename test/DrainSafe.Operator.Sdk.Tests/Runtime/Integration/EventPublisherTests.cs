using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Sdk.Events;
using k8s;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class EventPublisherTests
{
    [Fact]
    public async Task Publishing_the_same_event_twice_creates_one_event_with_count_two()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, settings => settings.Name = "widget-operator");
        var publish = op.Get<EventPublisher>();
        var widget = await cluster.CreateAsync("w1");

        await publish(widget, "Resized", "w1 grew to large", EventType.Normal);
        await publish(widget, "Resized", "w1 grew to large", EventType.Normal);
        await publish(widget, "Blocked", "w1 cannot shrink", EventType.Warning);

        var events = (await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Where(e => e.InvolvedObject.Name == "w1").ToList();
        Assert.Equal(2, events.Count);
        var resized = Assert.Single(events, e => e.Reason == "Resized");
        Assert.Equal(2, resized.Count);
        Assert.Equal("Normal", resized.Type);
        Assert.Equal("w1 grew to large", resized.Message);
        Assert.Equal("widget-operator", resized.Source.Component);
        Assert.Equal("Widget", resized.InvolvedObject.Kind);
        Assert.Equal(widget.Metadata.Uid, resized.InvolvedObject.Uid);
        Assert.NotNull(resized.FirstTimestamp);
        Assert.True(resized.LastTimestamp >= resized.FirstTimestamp);
        var blocked = Assert.Single(events, e => e.Reason == "Blocked");
        Assert.Equal("Warning", blocked.Type);
        Assert.Equal(1, blocked.Count);
    }

    [Fact]
    public async Task A_new_event_costs_one_request_a_create_and_a_repeat_reads_and_counts_it()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var publish = op.Get<EventPublisher>();
        var widget = await cluster.CreateAsync("w1");
        cluster.Server.Faults.ClearRequests();

        await publish(widget, "Resized", "w1 grew to large", EventType.Normal);
        var first = cluster.Server.Faults.Requests.Where(r => r.Path.Contains("/events", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.StatusCode}").ToList();
        cluster.Server.Faults.ClearRequests();
        await publish(widget, "Resized", "w1 grew to large", EventType.Normal);
        var repeat = cluster.Server.Faults.Requests.Where(r => r.Path.Contains("/events", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.StatusCode}").ToList();

        Assert.Equal(["POST 201"], first);
        Assert.Equal(["POST 409", "GET 200", "PATCH 200"], repeat);
        var resized = Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items, e => e.InvolvedObject.Name == "w1");
        Assert.Equal(2, resized.Count);
    }

    [Fact]
    public async Task A_failing_publish_is_logged_not_thrown()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var publish = op.Get<EventPublisher>();
        var widget = await cluster.CreateAsync("w1");
        cluster.Server.Faults.FailNext(10, 500, "GET", "/events/");
        cluster.Server.Faults.FailNext(10, 500, "POST", "/events");

        await publish(widget, "Resized", "w1 grew", EventType.Normal);

        Assert.True(op.Logs.Contains(5001));
    }

    [Fact]
    public void The_event_name_is_stable_for_the_same_object_reason_and_message_and_differs_otherwise()
    {
        var widget = Widgets.Widget.Named("w1");
        widget.Metadata.Uid = "u1";

        var first = KubernetesEventPublisher.EventName(widget, "Resized", "grew", EventType.Normal);

        Assert.Equal(first, KubernetesEventPublisher.EventName(widget, "Resized", "grew", EventType.Normal));
        Assert.NotEqual(first, KubernetesEventPublisher.EventName(widget, "Resized", "shrank", EventType.Normal));
        Assert.NotEqual(first, KubernetesEventPublisher.EventName(widget, "Resized", "grew", EventType.Warning));
        Assert.StartsWith("w1.", first, StringComparison.Ordinal);
    }
}
