using DrainSafe.Operator.Sdk.Reconcile;
using DrainSafe.Operator.Sdk.Watch;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Reconcile;

public sealed class ReconcileTriggerTests
{
    private static Widget Version(string rv, long? generation, Action<Widget>? change = null)
    {
        var widget = Widget.Named("w");
        widget.Metadata.Uid = "uid-1";
        widget.Metadata.ResourceVersion = rv;
        widget.Metadata.Generation = generation;
        change?.Invoke(widget);
        return widget;
    }

    private static bool Modified(Widget before, Widget after) =>
        ReconcileTrigger.ShouldReconcile(new EntityChange<Widget>(EntityChangeType.Modified, before, after));

    [Fact]
    public void A_new_object_is_reconciled() =>
        Assert.True(ReconcileTrigger.ShouldReconcile(new EntityChange<Widget>(EntityChangeType.Added, null, Version("1", 1))));

    [Fact]
    public void A_deleted_object_is_reconciled() =>
        Assert.True(ReconcileTrigger.ShouldReconcile(new EntityChange<Widget>(EntityChangeType.Deleted, Version("1", 1), Version("1", 1))));

    [Fact]
    public void A_status_only_change_is_not_reconciled() =>
        Assert.False(Modified(Version("1", 1), Version("2", 1, w => w.Status.Phase = "Ready")));

    [Fact]
    public void A_spec_change_is_reconciled() =>
        Assert.True(Modified(Version("1", 1), Version("2", 2, w => w.Spec.Size = "large")));

    [Fact]
    public void The_start_of_deletion_is_reconciled() =>
        Assert.True(Modified(Version("1", 1), Version("2", 1, w => w.Metadata.DeletionTimestamp = DateTime.UtcNow)));

    [Fact]
    public void A_finalizer_list_change_is_reconciled() =>
        Assert.True(Modified(Version("1", 1, w => w.Metadata.Finalizers = ["a"]), Version("2", 1, w => w.Metadata.Finalizers = ["a", "b"])));

    [Fact]
    public void A_label_change_is_not_reconciled() =>
        Assert.False(Modified(Version("1", 1), Version("2", 1, w => w.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" })));

    [Fact]
    public void An_object_recreated_under_the_same_name_is_reconciled() =>
        Assert.True(Modified(Version("1", 1), Version("9", 1, w => w.Metadata.Uid = "uid-2")));

    [Fact]
    public void Without_generations_any_new_version_is_reconciled() =>
        Assert.True(Modified(Version("1", null), Version("2", null)));
}
