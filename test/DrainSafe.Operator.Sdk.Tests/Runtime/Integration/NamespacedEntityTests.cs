using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class NamespacedEntityTests
{
    private const string Namespace = "team-a";

    private static V1CustomResourceDefinition GadgetCrd()
    {
        var crd = WidgetCrd.Definition;
        crd.Metadata.Name = $"{Gadget.Plural}.{Widget.Group}";
        crd.Spec.Scope = "Namespaced";
        crd.Spec.Names = new V1CustomResourceDefinitionNames { Plural = Gadget.Plural, Singular = "gadget", Kind = "Gadget", ListKind = "GadgetList" };
        return crd;
    }

    [Fact]
    public async Task A_namespaced_entity_is_reconciled_finalized_and_reported_deleted()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(GadgetCrd());
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        var log = new GadgetLog();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r =>
        {
            r.Services.AddSingleton(log);
            r.AddController<GadgetController, Gadget>().AddFinalizer<GadgetFinalizer, Gadget>();
        });

        var gadget = new Gadget { ApiVersion = $"{Widget.Group}/{Widget.Version}", Kind = "Gadget", Metadata = new V1ObjectMeta { Name = "g1", NamespaceProperty = Namespace } };
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<Gadget>(gadget, Widget.Group, Widget.Version, Namespace, Gadget.Plural);

        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync<Gadget>(Widget.Group, Widget.Version, Namespace, Gadget.Plural, "g1")).Status.Phase == "Ready",
            "g1's status is written", () => op.Diagnostics + "\n" + log);
        Assert.Contains($"{Namespace}/g1 finalizers=test.drainsafe.azure.com/gadgetfinalizer", log.ToString(), StringComparison.Ordinal);

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Widget.Group, Widget.Version, Namespace, Gadget.Plural, "g1");

        await Eventually.HoldsAsync(() => log.ToString().Contains($"Deleted {Namespace}/g1", StringComparison.Ordinal), "DeletedAsync is called for g1", () => op.Diagnostics + "\n" + log);
        Assert.Contains($"Finalize {Namespace}/g1", log.ToString(), StringComparison.Ordinal);
    }

    internal sealed class GadgetLog
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

        public void Add(string line) => lines.Enqueue(line);

        public override string ToString() => string.Join('\n', lines);
    }

    internal sealed class GadgetController(GadgetLog log, IEntityStatusWriter<Gadget> status) : IEntityController<Gadget>
    {
        public async Task<ReconciliationResult<Gadget>> ReconcileAsync(Gadget entity, CancellationToken cancellationToken)
        {
            log.Add($"Reconcile {entity.Metadata.NamespaceProperty}/{entity.Metadata.Name} finalizers={string.Join(',', entity.Metadata.Finalizers ?? [])}");
            var written = await status.UpdateStatusAsync(entity, g => g.Status.Phase = "Ready", cancellationToken);
            return ReconciliationResult<Gadget>.Success(written);
        }

        public Task DeletedAsync(Gadget entity, CancellationToken cancellationToken)
        {
            log.Add($"Deleted {entity.Metadata.NamespaceProperty}/{entity.Metadata.Name}");
            return Task.CompletedTask;
        }
    }

    internal sealed class GadgetFinalizer(GadgetLog log) : IEntityFinalizer<Gadget>
    {
        public Task<ReconciliationResult<Gadget>> FinalizeAsync(Gadget entity, CancellationToken cancellationToken)
        {
            log.Add($"Finalize {entity.Metadata.NamespaceProperty}/{entity.Metadata.Name}");
            return Task.FromResult(ReconciliationResult<Gadget>.Success(entity));
        }
    }
}
