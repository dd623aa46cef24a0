using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Finalizers;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Finalizers;

public sealed class FinalizerIdentifierTests
{
    [Fact]
    public void The_default_identifier_is_the_group_and_the_lowercase_class_name_ending_in_finalizer()
    {
        var definition = EntityDefinition.For<Widget>();

        Assert.Equal("test.drainsafe.azure.com/cleanupfinalizer", FinalizerIdentifier.Default(typeof(CleanupFinalizer), definition));
        Assert.Equal("test.drainsafe.azure.com/releasefinalizer", FinalizerIdentifier.Default(typeof(Release), definition));
    }

    [Fact]
    public void A_very_long_class_name_is_cut_to_the_kubernetes_limit()
    {
        var id = FinalizerIdentifier.Default(typeof(AVeryLongFinalizerNameThatGoesOnAndOnAndOnBeyondTheSixtyThreeCharacterLimitFinalizer), EntityDefinition.For<Widget>());

        Assert.Equal(FinalizerIdentifier.MaxNameLength, id.Split('/')[1].Length);
    }

    [Fact]
    public void A_generic_finalizer_class_is_named_without_its_arity()
    {
        var id = FinalizerIdentifier.Default(typeof(Cleanup<Widget>), EntityDefinition.For<Widget>());

        Assert.Equal("test.drainsafe.azure.com/cleanupfinalizer", id);
    }

    [Fact]
    public void An_entity_of_the_core_group_gets_an_identifier_without_a_group_or_slash()
    {
        var core = new EntityDefinition(string.Empty, "v1", "ConfigMap", "configmaps");

        Assert.Equal("cleanupfinalizer", FinalizerIdentifier.Default(typeof(CleanupFinalizer), core));
    }

    [Fact]
    public void A_missing_finalizer_type_or_definition_is_refused_by_name()
    {
        var typeError = Assert.Throws<ArgumentNullException>(() => FinalizerIdentifier.Default(null!, EntityDefinition.For<Widget>()));
        var definitionError = Assert.Throws<ArgumentNullException>(() => FinalizerIdentifier.Default(typeof(CleanupFinalizer), null!));

        Assert.Equal("finalizerType", typeError.ParamName);
        Assert.Equal("definition", definitionError.ParamName);
    }

    [Fact]
    public void A_malformed_identifier_is_refused_with_the_identifier_and_the_expected_form_named()
    {
        var error = Assert.Throws<ArgumentException>(() => FinalizerIdentifier.Validate("a/b/c"));

        Assert.Equal("identifier", error.ParamName);
        Assert.Contains("\"a/b/c\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("<group>/<name>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drainsafe.azure.com/restorenodefinalizer")]
    [InlineData("restorenodefinalizer")]
    public void A_well_formed_identifier_is_accepted(string identifier) => FinalizerIdentifier.Validate(identifier);

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b/c")]
    public void A_malformed_identifier_is_refused(string identifier) =>
        Assert.Throws<ArgumentException>(() => FinalizerIdentifier.Validate(identifier));

    [Fact]
    public void The_entity_definition_comes_from_the_KubernetesEntity_attribute()
    {
        var definition = EntityDefinition.For<Widget>();

        Assert.Equal("test.drainsafe.azure.com/v1", definition.ApiVersion);
        Assert.Equal("apis/test.drainsafe.azure.com/v1/widgets", definition.CollectionPath);
        Assert.Equal("widgets.test.drainsafe.azure.com", definition.QualifiedPlural);
    }

    [Fact]
    public void A_type_without_the_attribute_is_refused_with_the_fix_named()
    {
        var error = Assert.Throws<ArgumentException>(() => EntityDefinition.For(typeof(Release)));
        Assert.Contains("[KubernetesEntity", error.Message, StringComparison.Ordinal);
    }

    private sealed class CleanupFinalizer : IEntityFinalizer<Widget>
    {
        public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<Widget>.Success(entity));
    }

    private sealed class Cleanup<TEntity> : IEntityFinalizer<Widget>
    {
        public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<Widget>.Success(entity));
    }

    private sealed class Release : IEntityFinalizer<Widget>
    {
        public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<Widget>.Success(entity));
    }

    private sealed class AVeryLongFinalizerNameThatGoesOnAndOnAndOnBeyondTheSixtyThreeCharacterLimitFinalizer : IEntityFinalizer<Widget>
    {
        public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<Widget>.Success(entity));
    }
}
