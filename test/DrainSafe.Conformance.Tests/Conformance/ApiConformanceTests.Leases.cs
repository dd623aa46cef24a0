using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Lease_is_created_renewed_and_a_stale_renewal_gets_409_Conflict()
    {
        Backend.RequireAvailable();
        var name = UniqueName("lease");
        var acquired = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560);
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new V1LeaseSpec
            {
                HolderIdentity = "operator-0", LeaseDurationSeconds = 15, AcquireTime = acquired, RenewTime = acquired, LeaseTransitions = 0,
            },
        };

        var created = await Backend.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "default", cancellationToken: Ct);
        Assert.Equal("operator-0", created.Spec.HolderIdentity);
        Assert.Equal(acquired, created.Spec.RenewTime!.Value.ToUniversalTime());

        var renewal = created;
        renewal.Spec.RenewTime = acquired.AddSeconds(5);
        var renewed = await Backend.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(renewal, name, "default", cancellationToken: Ct);
        Assert.Equal(acquired.AddSeconds(5), renewed.Spec.RenewTime!.Value.ToUniversalTime());
        Assert.NotEqual(created.Metadata.ResourceVersion, renewed.Metadata.ResourceVersion);

        var stale = await Backend.Client.CoordinationV1.ReadNamespacedLeaseAsync(name, "default", cancellationToken: Ct);
        stale.Metadata.ResourceVersion = created.Metadata.ResourceVersion;
        stale.Spec.HolderIdentity = "operator-1";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(
            () => Backend.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(stale, name, "default", cancellationToken: Ct));

        var answer = new ApiResponse(conflict.Response.StatusCode, conflict.Response.Content, "application/json");
        StatusAssert.Failure(answer, HttpStatusCode.Conflict, "Conflict",
            $"Operation cannot be fulfilled on leases.coordination.k8s.io \"{name}\": the object has been modified; " +
            "please apply your changes to the latest version and try again");
        var current = await GetAsync($"/apis/coordination.k8s.io/v1/namespaces/default/leases/{name}");
        Assert.Equal("operator-0", current["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal("2030-01-02T03:04:05.123456Z", current["spec"]!["acquireTime"]!.GetValue<string>());
    }
}
