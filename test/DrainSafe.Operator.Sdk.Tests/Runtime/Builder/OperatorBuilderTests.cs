using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Finalizers;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Builder;

public sealed class OperatorBuilderTests
{
    private sealed class Controller : IEntityController<Widget>
    {
        public Task<ReconciliationResult<Widget>> ReconcileAsync(Widget entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<Widget>.Success(entity));

        public Task DeletedAsync(Widget entity, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Unmarked : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public V1ObjectMeta Metadata { get; set; } = new();
    }

    private sealed class UnmarkedController : IEntityController<Unmarked>
    {
        public Task<ReconciliationResult<Unmarked>> ReconcileAsync(Unmarked entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<Unmarked>.Success(entity));

        public Task DeletedAsync(Unmarked entity, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static IServiceCollection Services() => new ServiceCollection();

    [Fact]
    public void The_runtime_registers_its_services_and_one_informer_and_one_controller_per_entity_type()
    {
        var services = Services();

        services.AddKubernetesOperator(s => s.KubernetesClientConfiguration = new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" })
            .AddController<Controller, Widget>()
            .AddFinalizer<Integration.WidgetFinalizer, Widget>()
            .AddFinalizer<Integration.WidgetFinalizer, Widget>("example.com/second");

        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<EventPublisher>());
        Assert.NotNull(provider.GetService<IEntityStatusWriter<Widget>>());
        Assert.Equal(
            new[] { "test.drainsafe.azure.com/widgetfinalizer", "example.com/second" },
            provider.GetServices<FinalizerRegistration<Widget>>().Select(r => r.Identifier));
        Assert.Equal(5, services.Count(s => s.ServiceType == typeof(IHostedService)));
        Assert.Single(services, s => s.ServiceType == typeof(DrainSafe.Operator.Sdk.Watch.SharedInformer<Widget>));
        Assert.Single(services, s => s.ImplementationType == typeof(DrainSafe.Operator.Sdk.Reconcile.EntityControllerService<Widget>));
    }

    [Fact]
    public void A_second_controller_for_the_same_entity_is_refused()
    {
        var builder = Services().AddKubernetesOperator().AddController<Controller, Widget>();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddController<Controller, Widget>());
        Assert.Contains("Widget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_finalizer_identifier_twice_is_refused()
    {
        var builder = Services().AddKubernetesOperator().AddFinalizer<Integration.WidgetFinalizer, Widget>("x/one");

        Assert.Throws<InvalidOperationException>(() => builder.AddFinalizer<Integration.WidgetFinalizer, Widget>("x/one"));
    }

    [Fact]
    public void An_entity_without_its_KubernetesEntity_attribute_is_refused_at_registration()
    {
        var builder = Services().AddKubernetesOperator();

        Assert.Throws<ArgumentException>(() => builder.AddController<UnmarkedController, Unmarked>());
    }
}
