using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

public sealed class DefaultingTests
{
    private static readonly CustomResourceSchema Schema = CustomResourceSchema.Compile(SchemaFixtures.Parse("""
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "properties": {
                "mode": { "type": "string", "default": "Drain" },
                "leadMinutes": { "type": "integer", "default": 15 },
                "note": { "type": "string" },
                "comment": { "type": "string", "nullable": true },
                "drain": {
                  "type": "object",
                  "default": {},
                  "properties": {
                    "policy": { "type": "string", "default": "Wait" },
                    "graceSeconds": { "type": "integer", "default": 30 }
                  }
                },
                "steps": {
                  "type": "array",
                  "items": { "type": "object", "default": { "name": "unnamed" }, "properties": { "name": { "type": "string" }, "weight": { "type": "integer", "default": 1 } } }
                }
              }
            }
          }
        }
        """));

    [Fact]
    public void Missing_fields_get_their_defaults_recursively()
    {
        var resource = SchemaFixtures.Parse("""{ "metadata": { "name": "n" }, "spec": {} }""");

        Schema.ApplyDefaults(resource);

        Assert.Equal(
            """{"mode":"Drain","leadMinutes":15,"drain":{"policy":"Wait","graceSeconds":30}}""",
            resource["spec"]!.ToJsonString());
    }

    [Fact]
    public void Present_values_are_not_overwritten()
    {
        var resource = SchemaFixtures.Parse("""{ "spec": { "mode": "Cordon", "drain": { "policy": "Force" } } }""");

        Schema.ApplyDefaults(resource);

        Assert.Equal("Cordon", (string?)resource["spec"]!["mode"]);
        Assert.Equal("Force", (string?)resource["spec"]!["drain"]!["policy"]);
        Assert.Equal(30, (int?)resource["spec"]!["drain"]!["graceSeconds"]);
    }

    [Fact]
    public void Null_in_a_non_nullable_field_is_defaulted_or_dropped_and_kept_when_nullable()
    {
        var resource = SchemaFixtures.Parse("""{ "spec": { "mode": null, "note": null, "comment": null } }""");

        Schema.ApplyDefaults(resource);

        var spec = resource["spec"]!.AsObject();
        Assert.Equal("Drain", (string?)spec["mode"]);
        Assert.False(spec.ContainsKey("note"));
        Assert.True(spec.ContainsKey("comment"));
        Assert.Null(spec["comment"]);
    }

    [Fact]
    public void List_items_get_item_defaults_and_null_items_the_item_default()
    {
        var resource = SchemaFixtures.Parse("""{ "spec": { "steps": [ { "name": "a" }, null ] } }""");

        Schema.ApplyDefaults(resource);

        Assert.Equal("""[{"name":"a","weight":1},{"name":"unnamed","weight":1}]""", resource["spec"]!["steps"]!.ToJsonString());
    }

    [Fact]
    public void Defaulted_NodeMaintenance_event_gets_status_and_duration()
    {
        var schema = CustomResourceSchema.Compile(NodeMaintenanceDefinition.Schema());
        var resource = NodeMaintenanceDefinition.Resource();
        var firstEvent = resource["spec"]!["events"]![0]!.AsObject();
        firstEvent.Remove("eventStatus");
        firstEvent.Remove("durationInSeconds");

        schema.ApplyDefaults(resource);

        Assert.Equal("Scheduled", (string?)firstEvent["eventStatus"]);
        Assert.Equal(-1, (int?)firstEvent["durationInSeconds"]);
        Assert.Empty(schema.Validate(resource, null));
    }

    [Fact]
    public void Defaults_apply_only_to_the_schema_not_metadata()
    {
        var resource = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "n" } };

        Schema.ApplyDefaults(resource);

        Assert.Equal("""{"metadata":{"name":"n"}}""", resource.ToJsonString());
    }
}
