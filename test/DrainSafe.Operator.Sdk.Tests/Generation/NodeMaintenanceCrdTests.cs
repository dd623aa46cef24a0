using DrainSafe.Entities;
using DrainSafe.Operator.Sdk.Generation;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Generation;

public sealed class NodeMaintenanceCrdTests
{
    private static readonly V1CustomResourceDefinition Crd = CustomResourceDefinitionGenerator.Generate<NodeMaintenance>();

    private static V1CustomResourceDefinitionVersion Version => Assert.Single(Crd.Spec.Versions);

    private static V1JSONSchemaProps Root => Version.Schema.OpenAPIV3Schema;

    private static V1JSONSchemaProps Spec => Root.Properties["spec"];

    private static V1JSONSchemaProps Status => Root.Properties["status"];

    private static V1JSONSchemaProps Event => (V1JSONSchemaProps)Spec.Properties["events"].Items;

    [Fact]
    public void Crd_names_a_cluster_scoped_resource_with_short_name_and_category()
    {
        Assert.Equal("apiextensions.k8s.io/v1", Crd.ApiVersion);
        Assert.Equal("CustomResourceDefinition", Crd.Kind);
        Assert.Equal("nodemaintenances.drainsafe.azure.com", Crd.Metadata.Name);
        Assert.Equal("drainsafe.azure.com", Crd.Spec.Group);
        Assert.Equal("Cluster", Crd.Spec.Scope);
        Assert.Equal("NodeMaintenance", Crd.Spec.Names.Kind);
        Assert.Equal("NodeMaintenanceList", Crd.Spec.Names.ListKind);
        Assert.Equal("nodemaintenances", Crd.Spec.Names.Plural);
        Assert.Equal("nodemaintenance", Crd.Spec.Names.Singular);
        Assert.Equal(["nm"], Crd.Spec.Names.ShortNames);
        Assert.Equal(["drainsafe"], Crd.Spec.Names.Categories);
    }

    [Fact]
    public void Only_version_v1alpha1_is_served_and_stored_with_a_status_subresource()
    {
        Assert.Equal("v1alpha1", Version.Name);
        Assert.True(Version.Served);
        Assert.True(Version.Storage);
        Assert.NotNull(Version.Subresources?.Status);
        Assert.Null(Version.Subresources!.Scale);
    }

    [Fact]
    public void Lifecycle_states_are_listed_by_name_in_the_status_enum()
    {
        Assert.Equal(
            ["MaintenanceScheduled", "NodeCordoning", "NodeCordoned", "NodeDraining", "NodeDrained", "MaintenanceStarted", "NodeRunning", "NodeUncordoned"],
            Status.Properties["state"].EnumProperty.Cast<string>());
    }

    [Fact]
    public void Event_enums_list_Azure_s_values_plus_Unknown_so_the_agent_can_still_write_a_new_type()
    {
        Assert.Equal(["Unknown", "Freeze", "Reboot", "Redeploy", "Preempt", "Terminate"], Event.Properties["eventType"].EnumProperty.Cast<string>());
        Assert.Equal(["Unknown", "Scheduled", "Started"], Event.Properties["eventStatus"].EnumProperty.Cast<string>());
        Assert.Equal(["Unknown", "Platform", "User"], Event.Properties["eventSource"].EnumProperty.Cast<string>());
        Assert.Equal("object", Event.Properties["unrecognizedValues"].Type);
        Assert.Equal("string", ((V1JSONSchemaProps)Event.Properties["unrecognizedValues"].AdditionalProperties).Type);
    }

    [Fact]
    public void Required_fields_are_listed_where_the_api_server_enforces_them()
    {
        Assert.Equal(["spec"], Root.Required);
        Assert.Equal(["nodeName", "vmName"], Spec.Required);
        Assert.Equal(["eventId", "eventStatus", "eventType", "resources"], Event.Required);
        Assert.Equal(1, Event.Properties["resources"].MinItems);
        Assert.Null(Status.Required);
    }

    [Fact]
    public void CEL_rules_tie_nodeName_to_the_object_name_and_make_it_immutable()
    {
        var nameRule = Assert.Single(Root.XKubernetesValidations);
        Assert.Equal("self.spec.nodeName == self.metadata.name", nameRule.Rule);
        Assert.Equal("spec.nodeName must equal metadata.name", nameRule.Message);

        var immutable = Assert.Single(Spec.Properties["nodeName"].XKubernetesValidations);
        Assert.Equal("self == oldSelf", immutable.Rule);
        Assert.Equal("spec.nodeName is immutable", immutable.Message);
    }

    [Fact]
    public void Printer_columns_answer_the_first_questions_with_NOT_BEFORE_as_a_string()
    {
        var columns = Version.AdditionalPrinterColumns.Select(c => (c.Name, c.JsonPath, c.Type, c.Priority ?? 0)).ToList();

        Assert.Equal(
            [
                ("Node", ".spec.nodeName", "string", 1),
                ("VM", ".spec.vmName", "string", 1),
                ("State", ".status.state", "string", 0),
                ("Event", ".status.currentEvent.eventType", "string", 0),
                ("Not Before", ".status.currentEvent.notBefore", "string", 0),
                ("Pods Left", ".status.drain.remainingPods", "integer", 0),
                ("Blocked By", ".status.drain.blockedBy", "string", 0),
                ("Age", ".metadata.creationTimestamp", "date", 0),
            ],
            columns);
    }

    [Fact]
    public void Only_AGE_is_a_date_column_because_kubectl_shows_future_dates_as_invalid()
    {
        var dateColumn = Assert.Single(Version.AdditionalPrinterColumns, c => c.Type == "date");

        Assert.Equal(".metadata.creationTimestamp", dateColumn.JsonPath);
    }

    [Fact]
    public void Times_are_date_time_strings_and_notBefore_may_be_absent()
    {
        var notBefore = Event.Properties["notBefore"];

        Assert.Equal(("string", "date-time", true), (notBefore.Type, notBefore.Format, notBefore.Nullable));
        Assert.Equal("date-time", Status.Properties["drain"].Properties["deadline"].Format);
        Assert.Equal(-1, Event.Properties["durationInSeconds"].Minimum);
        Assert.Equal("int64", Spec.Properties["documentIncarnation"].Format);
    }

    [Fact]
    public void Lists_that_must_not_repeat_are_sets_or_maps()
    {
        Assert.Equal("map", Spec.Properties["events"].XKubernetesListType);
        Assert.Equal(["eventId"], Spec.Properties["events"].XKubernetesListMapKeys);
        Assert.Equal("map", Status.Properties["conditions"].XKubernetesListType);
        Assert.Equal(["type"], Status.Properties["conditions"].XKubernetesListMapKeys);
        Assert.Equal("set", Status.Properties["approvedEventIds"].XKubernetesListType);
        Assert.Equal("set", Status.Properties["approvableEventIds"].XKubernetesListType);
    }

    [Fact]
    public void Conditions_have_the_metav1_Condition_schema()
    {
        var condition = (V1JSONSchemaProps)Status.Properties["conditions"].Items;

        Assert.Equal(["lastTransitionTime", "message", "reason", "status", "type"], condition.Required);
        Assert.Equal(["True", "False", "Unknown"], condition.Properties["status"].EnumProperty.Cast<string>());
        Assert.Equal("date-time", condition.Properties["lastTransitionTime"].Format);
    }

    [Fact]
    public void Metadata_is_only_declared_an_object_as_the_API_server_requires()
    {
        var metadata = Root.Properties["metadata"];

        Assert.Equal("object", metadata.Type);
        Assert.Null(metadata.Description);
        Assert.Null(metadata.Properties);
    }

    [Fact]
    public void Schema_is_structural_every_node_has_a_type_and_a_description_where_users_read_it()
    {
        var problems = new List<string>();
        Walk(Root, string.Empty, problems);

        Assert.Empty(problems);
    }

    private static void Walk(V1JSONSchemaProps schema, string path, List<string> problems)
    {
        if (string.IsNullOrEmpty(schema.Type) && schema.XKubernetesIntOrString != true)
        {
            problems.Add($"{path}: no type");
        }

        if (schema.Nullable == true && schema.EnumProperty is not null)
        {
            problems.Add($"{path}: nullable enum (the API server rejects an explicit null against the enum)");
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            if (string.IsNullOrWhiteSpace(property.Description) && !(path.Length == 0 && name == "metadata"))
            {
                problems.Add($"{path}.{name}: no description for kubectl explain");
            }

            Walk(property, $"{path}.{name}", problems);
        }

        if (schema.Items is V1JSONSchemaProps items)
        {
            Walk(items, path + "[*]", problems);
        }

        if (schema.AdditionalProperties is V1JSONSchemaProps values)
        {
            Walk(values, path + ".*", problems);
        }
    }
}
