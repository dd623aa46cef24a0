using DrainSafe.Operator.Hosting;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Tests.Unit;

/// <summary>The operator's host refuses a bad runtime (Operator) or policy (DrainSafe) value before it does anything.</summary>
public sealed class OperatorHostOptionsTests
{
    private static readonly KubernetesClientConfiguration Nowhere = new() { Host = "http://127.0.0.1:1" };

    private static async Task<OptionsValidationException> StartFailsAsync(params string[] args) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = OperatorHost.Create([.. args, "--Operator:Health:Port=0", "--Operator:LeaderElection:Enabled=false"], Nowhere);
            await host.StartAsync();
        });

    [Theory]
    [InlineData("--Operator:ApiQps=-1", "Operator:ApiQps must be in [1, 10000] (was -1).")]
    [InlineData("--Operator:Workers=65", "Operator:Workers must be in [1, 64] (was 65).")]
    [InlineData("--Operator:Informer:WatchTimeout=00:00:00.500", "Operator:Informer:WatchTimeout must be at least 00:00:01 (was 00:00:00.5000000).")]
    public async Task A_bad_runtime_value_stops_the_host_with_a_message_naming_its_key(string argument, string message)
    {
        var error = await StartFailsAsync(argument);

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task The_policy_API_budget_wins_over_the_runtime_one_only_when_set()
    {
        // DrainSafe:ApiQps set and valid: the runtime's budget is the policy's, so the runtime value is never used.
        using var host = OperatorHost.Create(["--DrainSafe:ApiQps=50", "--Operator:ApiQps=7", "--Operator:Health:Port=0", "--Operator:LeaderElection:Enabled=false"], Nowhere);
        var settings = ((IServiceProvider)host.Services).GetService(typeof(IOptions<DrainSafe.Operator.Sdk.Builder.OperatorSettings>));
        Assert.Equal(50, Assert.IsAssignableFrom<IOptions<DrainSafe.Operator.Sdk.Builder.OperatorSettings>>(settings).Value.ApiQps);

        var error = await StartFailsAsync("--Operator:ApiQps=0");
        Assert.Contains("Operator:ApiQps must be in [1, 10000] (was 0).", error.Failures);
    }
}
