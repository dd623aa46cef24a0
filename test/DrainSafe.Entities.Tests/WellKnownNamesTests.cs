using DrainSafe.Entities;

namespace DrainSafe.Entities.Tests;

public sealed class WellKnownNamesTests
{
    [Fact]
    public void Node_annotation_keys_are_those_of_the_original_DrainSafe()
    {
        Assert.Equal("drainsafe.azure.com/maintenancestate", DrainSafeAnnotations.MaintenanceState);
        Assert.Equal("drainsafe.azure.com/maintenancetype", DrainSafeAnnotations.MaintenanceType);
        Assert.Equal("drainsafe.azure.com/maintenanceowner", DrainSafeAnnotations.MaintenanceOwner);
    }

    [Fact]
    public void Finalizer_is_a_qualified_name_in_DrainSafe_s_group()
    {
        Assert.Equal("drainsafe.azure.com/nodemaintenancefinalizer", DrainSafeFinalizers.NodeMaintenance);
        Assert.Matches("^[a-z0-9.-]+/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", DrainSafeFinalizers.NodeMaintenance);
    }

    [Fact]
    public void Resource_coordinates_match_the_design()
    {
        Assert.Equal("drainsafe.azure.com", NodeMaintenance.GroupName);
        Assert.Equal("v1alpha1", NodeMaintenance.Version);
        Assert.Equal("NodeMaintenance", NodeMaintenance.KindName);
        Assert.Equal("nodemaintenances", NodeMaintenance.Plural);
    }

    [Fact]
    public void The_eight_lifecycle_states_keep_the_original_names()
    {
        Assert.Equal(
            ["MaintenanceScheduled", "NodeCordoning", "NodeCordoned", "NodeDraining", "NodeDrained", "MaintenanceStarted", "NodeRunning", "NodeUncordoned"],
            Enum.GetNames<MaintenanceState>());
    }
}
