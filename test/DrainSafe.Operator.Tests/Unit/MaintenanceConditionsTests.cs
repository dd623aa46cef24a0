using DrainSafe.Entities;
using DrainSafe.Operator.Lifecycle;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class MaintenanceConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_condition_is_added_with_the_time_as_its_transition()
    {
        var status = new NodeMaintenanceStatus();

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, true, "CordonedByDrainSafe", "DrainSafe cordoned the node.", T0, 3);

        var condition = Assert.Single(status.Conditions);
        Assert.Equal(MaintenanceConditionTypes.Cordoned, condition.Type);
        Assert.Equal("True", condition.Status);
        Assert.Equal("CordonedByDrainSafe", condition.Reason);
        Assert.Equal("DrainSafe cordoned the node.", condition.Message);
        Assert.Equal(T0.UtcDateTime, condition.LastTransitionTime);
        Assert.Equal(3, condition.ObservedGeneration);
    }

    [Fact]
    public void A_false_condition_reads_False()
    {
        var status = new NodeMaintenanceStatus();

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Drained, false, "MaintenanceOver", "No maintenance.", T0, 1);

        Assert.Equal("False", Assert.Single(status.Conditions).Status);
    }

    [Fact]
    public void The_transition_time_stays_when_only_the_reason_or_message_changes()
    {
        var status = new NodeMaintenanceStatus();
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, true, "AlreadyCordoned", "Someone else cordoned it.", T0, 1);

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, true, "CordonedByDrainSafe", "DrainSafe cordoned the node.", T0.AddMinutes(5), 1);

        var condition = Assert.Single(status.Conditions);
        Assert.Equal("CordonedByDrainSafe", condition.Reason);
        Assert.Equal("DrainSafe cordoned the node.", condition.Message);
        Assert.Equal(T0.UtcDateTime, condition.LastTransitionTime);
    }

    [Fact]
    public void The_transition_time_moves_when_the_status_flips()
    {
        var status = new NodeMaintenanceStatus();
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, true, "CordonedByDrainSafe", "Cordoned.", T0, 1);

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, false, "Uncordoned", "Schedulable.", T0.AddMinutes(5), 2);

        var condition = Assert.Single(status.Conditions);
        Assert.Equal("False", condition.Status);
        Assert.Equal(T0.AddMinutes(5).UtcDateTime, condition.LastTransitionTime);
        Assert.Equal(2, condition.ObservedGeneration);
    }

    [Fact]
    public void Setting_the_same_condition_again_changes_nothing()
    {
        var status = new NodeMaintenanceStatus();
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Drained, true, "Drained", "Gone.", T0, 1);
        var before = status.Conditions;

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Drained, true, "Drained", "Gone.", T0.AddMinutes(5), 1);

        Assert.Same(before, status.Conditions);
        Assert.Equal(T0.UtcDateTime, Assert.Single(status.Conditions).LastTransitionTime);
    }

    [Fact]
    public void The_same_condition_from_a_newer_generation_records_that_generation()
    {
        var status = new NodeMaintenanceStatus();
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Drained, true, "Drained", "Gone.", T0, 1);

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Drained, true, "Drained", "Gone.", T0.AddMinutes(5), 2);

        var condition = Assert.Single(status.Conditions);
        Assert.Equal(T0.UtcDateTime, condition.LastTransitionTime);
        Assert.Equal(2, condition.ObservedGeneration);
    }

    [Fact]
    public void Conditions_of_other_types_are_kept_and_all_are_sorted_by_type()
    {
        var status = new NodeMaintenanceStatus();
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Drained, true, "Drained", "Gone.", T0, 1);
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, true, "CordonedByDrainSafe", "Cordoned.", T0, 1);
        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Approved, false, "Waiting", "Not yet.", T0, 1);

        MaintenanceConditions.Set(status, MaintenanceConditionTypes.Cordoned, false, "Uncordoned", "Schedulable.", T0.AddMinutes(1), 1);

        Assert.Equal(
            new[] { MaintenanceConditionTypes.Approved, MaintenanceConditionTypes.Cordoned, MaintenanceConditionTypes.Drained }.Order(StringComparer.Ordinal),
            status.Conditions.Select(c => c.Type));
        Assert.Equal("False", status.Conditions.Single(c => c.Type == MaintenanceConditionTypes.Cordoned).Status);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == MaintenanceConditionTypes.Drained).Status);
    }

    [Fact]
    public void Setting_a_condition_refuses_a_missing_status_by_name()
    {
        Assert.Equal("status", Assert.Throws<ArgumentNullException>(
            () => MaintenanceConditions.Set(null!, MaintenanceConditionTypes.Drained, true, "Drained", "Drained.", T0, 1)).ParamName);
    }
}
