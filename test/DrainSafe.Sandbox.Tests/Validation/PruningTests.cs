using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

public sealed class PruningTests
{
    private static readonly CustomResourceSchema NodeMaintenance = CustomResourceSchema.Compile(NodeMaintenanceDefinition.Schema());

    [Fact]
    public void Unknown_fields_are_removed_and_reported_by_path()
    {
        var resource = NodeMaintenanceDefinition.Resource();
        resource["spec"]!["foo"] = "bar";
        resource["spec"]!["events"]![0]!["extra"] = new JsonObject { ["deep"] = 1 };
        resource["status"] = new JsonObject { ["state"] = "NodeRunning", ["mood"] = "calm" };
        resource["topLevel"] = true;

        var unknown = NodeMaintenance.Prune(resource);

        Assert.Equal(["spec.events[0].extra", "spec.foo", "status.mood", "topLevel"], unknown);
        Assert.False(resource["spec"]!.AsObject().ContainsKey("foo"));
        Assert.False(resource["spec"]!["events"]![0]!.AsObject().ContainsKey("extra"));
        Assert.Equal("NodeRunning", (string?)resource["status"]!["state"]);
        Assert.False(resource.ContainsKey("topLevel"));
    }

    [Fact]
    public void Known_object_is_left_untouched()
    {
        var resource = NodeMaintenanceDefinition.Resource();
        var before = resource.ToJsonString();

        Assert.Empty(NodeMaintenance.Prune(resource));
        Assert.Equal(before, resource.ToJsonString());
    }

    [Fact]
    public void ApiVersion_kind_and_metadata_of_the_root_are_kept_whole()
    {
        var resource = NodeMaintenanceDefinition.Resource();
        resource["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        resource["metadata"]!["finalizers"] = new JsonArray("drainsafe.azure.com/cleanup");

        Assert.Empty(NodeMaintenance.Prune(resource));
        Assert.Equal("b", (string?)resource["metadata"]!["labels"]!["a"]);
        Assert.Equal("NodeMaintenance", (string?)resource["kind"]);
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_undeclared_content_but_prunes_declared_children()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "object", "x-kubernetes-preserve-unknown-fields": true,
              "properties": { "known": { "type": "object", "properties": { "a": { "type": "string" } } } } }
            """);
        var resource = SchemaFixtures.WithX("""{ "free": { "form": [1, 2] }, "known": { "a": "x", "b": "y" } }""");

        var unknown = schema.Prune(resource);

        Assert.Equal(["spec.x.known.b"], unknown);
        Assert.Equal("[1,2]", resource["spec"]!["x"]!["free"]!["form"]!.ToJsonString());
    }

    [Fact]
    public void Map_values_are_pruned_against_additionalProperties()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "object", "additionalProperties": { "type": "object", "properties": { "keep": { "type": "string" } } } }
            """);
        var resource = SchemaFixtures.WithX("""{ "first": { "keep": "1", "drop": "2" } }""");

        Assert.Equal(["spec.x.first.drop"], schema.Prune(resource));
        Assert.Equal("""{"keep":"1"}""", resource["spec"]!["x"]!["first"]!.ToJsonString());
    }

    [Fact]
    public void Embedded_resource_keeps_its_apiVersion_kind_and_metadata()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "object", "x-kubernetes-embedded-resource": true,
              "properties": { "spec": { "type": "object", "properties": { "replicas": { "type": "integer" } } } } }
            """);
        var resource = SchemaFixtures.WithX("""
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "d", "labels": { "a": "b" } },
              "spec": { "replicas": 2, "paused": true } }
            """);

        Assert.Equal(["spec.x.spec.paused"], schema.Prune(resource));
        Assert.Equal("Deployment", (string?)resource["spec"]!["x"]!["kind"]);
        Assert.Equal("b", (string?)resource["spec"]!["x"]!["metadata"]!["labels"]!["a"]);
    }
}
