using System.Net;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_200_once_the_informer_has_synced()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, settings =>
        {
            settings.Health.Port = 0;
            settings.Health.Host = "127.0.0.1";
        });
        using var http = new HttpClient { BaseAddress = op.HealthAddress, Timeout = TimeSpan.FromSeconds(10) };

        await Eventually.HoldsAsync(
            async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            "/readyz answers 200", () => op.Diagnostics);
        var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.StartsWith("Healthy", await healthz.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
