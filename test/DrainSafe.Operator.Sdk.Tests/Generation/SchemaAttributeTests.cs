using System.Text.Json.Serialization;
using DrainSafe.Operator.Abstractions.Entities;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using DrainSafe.Operator.Sdk.Generation;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Generation;

public sealed class SchemaAttributeTests
{
    private static readonly V1CustomResourceDefinition Crd = CustomResourceDefinitionGenerator.Generate<Widget>();

    private static V1JSONSchemaProps Spec => Crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];

    [Fact]
    public void Entity_without_scope_or_status_is_namespaced_and_has_no_subresources()
    {
        var crd = CustomResourceDefinitionGenerator.Generate<Gadget>();

        Assert.Equal("Namespaced", crd.Spec.Scope);
        Assert.Null(crd.Spec.Versions[0].Subresources);
        Assert.Null(crd.Spec.Names.ShortNames);
        Assert.Null(crd.Spec.Versions[0].AdditionalPrinterColumns);
    }

    [Fact]
    public void Validation_attributes_become_schema_keywords()
    {
        var name = Spec.Properties["name"];
        var replicas = Spec.Properties["replicas"];
        var ratio = Spec.Properties["ratio"];
        var tags = Spec.Properties["tags"];

        Assert.Equal(("^[a-z]+$", 2L, 20L), (name.Pattern, name.MinLength!.Value, name.MaxLength!.Value));
        Assert.Equal((0d, true, 10d, (bool?)null), (replicas.Minimum!.Value, replicas.ExclusiveMinimum!.Value, replicas.Maximum!.Value, replicas.ExclusiveMaximum));
        Assert.Equal(("number", "double", true), (ratio.Type, ratio.Format, ratio.ExclusiveMaximum));
        Assert.Equal((1L, 5L, "set"), (tags.MinItems!.Value, tags.MaxItems!.Value, tags.XKubernetesListType));
        Assert.Equal("The widget's name.", name.Description);
        Assert.Equal(["name"], Spec.Required);
    }

    [Fact]
    public void JsonPropertyName_is_honoured_and_ignored_properties_are_left_out()
    {
        Assert.Contains("display-name", Spec.Properties.Keys);
        Assert.DoesNotContain("cached", Spec.Properties.Keys);
        Assert.DoesNotContain("scratch", Spec.Properties.Keys);
    }

    [Fact]
    public void Validation_rules_land_on_the_node_of_the_class_or_property_that_declares_them()
    {
        var part = (V1JSONSchemaProps)Spec.Properties["parts"].Items;

        Assert.Equal("self.size <= 10", Assert.Single(part.XKubernetesValidations).Rule);
        var onProperty = Assert.Single(Spec.Properties["replicas"].XKubernetesValidations);
        Assert.Equal(("self % 2 == 0", "replicas must be even", "FieldValueInvalid"), (onProperty.Rule, onProperty.Message, onProperty.Reason));
    }

    [Fact]
    public void Preserve_unknown_fields_and_free_form_objects_keep_what_the_schema_does_not_declare()
    {
        Assert.True(Spec.Properties["extra"].XKubernetesPreserveUnknownFields);
        Assert.True(Spec.Properties["free"].XKubernetesPreserveUnknownFields);
        Assert.Equal("object", Spec.Properties["labels"].Type);
    }

    [Fact]
    public void Nullable_properties_are_nullable_except_enums()
    {
        Assert.True(Spec.Properties["note"].Nullable);
        Assert.Null(Spec.Properties["name"].Nullable);
        Assert.Null(Spec.Properties["colour"].Nullable);
        Assert.Equal(["Red", "Green"], Spec.Properties["colour"].EnumProperty.Cast<string>());
    }

    [Fact]
    public void Printer_columns_take_their_path_from_the_property_and_generic_ones_follow_in_order()
    {
        var columns = Crd.Spec.Versions[0].AdditionalPrinterColumns;

        Assert.Equal(
            [(".spec.replicas", "Replicas", "integer", (int?)null), (".status.phase.since", "Since", "string", (int?)null), (".metadata.labels.tier", "Tier", "string", 2)],
            columns.Select(c => (c.JsonPath, c.Name, c.Type, c.Priority)));
    }

    [Fact]
    public void A_type_that_contains_itself_is_refused_with_a_message_naming_it()
    {
        var error = Assert.Throws<NotSupportedException>(() => CustomResourceDefinitionGenerator.Generate<Recursive>());

        Assert.Contains(nameof(Tree), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_printer_column_inside_a_list_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => CustomResourceDefinitionGenerator.Generate<ColumnInList>());

        Assert.Contains(".spec.rows[*].value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_list_whose_key_is_not_required_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => CustomResourceDefinitionGenerator.Generate<MapWithoutKey>());

        Assert.Contains("value", error.Message, StringComparison.Ordinal);
    }

    [KubernetesEntity(Group = "test.drainsafe.io", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
    [EntityScope(EntityScope.Cluster)]
    [GenericAdditionalPrinterColumn(".metadata.labels.tier", "Tier", "string", Priority = 2)]
    private sealed class Widget : CustomKubernetesEntity<WidgetSpec, WidgetStatus>;

    private sealed class WidgetSpec
    {
        [Required]
        [Pattern("^[a-z]+$")]
        [Length(2, 20)]
        [Description("The widget's name.")]
        public string Name { get; set; } = string.Empty;

        [RangeMinimum(0, ExclusiveMinimum = true)]
        [RangeMaximum(10)]
        [ValidationRule("self % 2 == 0", "replicas must be even", Reason = "FieldValueInvalid")]
        [AdditionalPrinterColumn("Replicas")]
        public int Replicas { get; set; }

        [RangeMaximum(1, ExclusiveMaximum = true)]
        public double Ratio { get; set; }

        [Items(1, 5)]
        [ListType(ListType.Set)]
        public List<string> Tags { get; set; } = [];

        [JsonPropertyName("display-name")]
        public string DisplayName { get; set; } = string.Empty;

        [JsonIgnore]
        public string Cached { get; set; } = string.Empty;

        [Ignore]
        public string Scratch { get; set; } = string.Empty;

        public IList<Part> Parts { get; set; } = [];

        [PreserveUnknownFields]
        public Part? Extra { get; set; }

        public System.Text.Json.JsonElement Free { get; set; }

        public Dictionary<string, string> Labels { get; set; } = [];

        public string? Note { get; set; }

        public Colour? Colour { get; set; }
    }

    [ValidationRule("self.size <= 10", "a part is at most 10 big")]
    private sealed class Part
    {
        public int Size { get; set; }
    }

    private enum Colour
    {
        Red,
        Green,
    }

    private sealed class WidgetStatus
    {
        public Phase Phase { get; set; } = new();
    }

    private sealed class Phase
    {
        [AdditionalPrinterColumn("Since", Type = "string")]
        public DateTimeOffset Since { get; set; }
    }

    [KubernetesEntity(Group = "test.drainsafe.io", ApiVersion = "v1", Kind = "Gadget", PluralName = "gadgets")]
    private sealed class Gadget : IKubernetesObject<V1ObjectMeta>, ISpec<Part>
    {
        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public V1ObjectMeta Metadata { get; set; } = new();

        public Part Spec { get; set; } = new();
    }

    [KubernetesEntity(Group = "test.drainsafe.io", ApiVersion = "v1", Kind = "Recursive", PluralName = "recursives")]
    private sealed class Recursive : CustomKubernetesEntity<Tree, Part>;

    private sealed class Tree
    {
        public List<Tree> Children { get; set; } = [];
    }

    [KubernetesEntity(Group = "test.drainsafe.io", ApiVersion = "v1", Kind = "ColumnInList", PluralName = "columninlists")]
    private sealed class ColumnInList : CustomKubernetesEntity<Table, Part>;

    private sealed class Table
    {
        public List<Row> Rows { get; set; } = [];
    }

    private sealed class Row
    {
        [AdditionalPrinterColumn("Value")]
        public string Value { get; set; } = string.Empty;
    }

    [KubernetesEntity(Group = "test.drainsafe.io", ApiVersion = "v1", Kind = "MapWithoutKey", PluralName = "mapwithoutkeys")]
    private sealed class MapWithoutKey : CustomKubernetesEntity<Keyed, Part>;

    private sealed class Keyed
    {
        [ListType(ListType.Map, "value")]
        public List<KeyedRow> Rows { get; set; } = [];
    }

    private sealed class KeyedRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
