using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.LeaderElection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Builder;

/// <summary>The runtime's settings are bound from configuration as options and validated when the host starts.</summary>
public sealed class OperatorSettingsTests
{
    private static IHost Build(Dictionary<string, string?> values, Action<OperatorSettings>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddKubernetesOperator(builder.Configuration, configure: settings =>
        {
            settings.KubernetesClientConfiguration = new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" };
            configure?.Invoke(settings);
        });
        return builder.Build();
    }

    [Theory]
    [InlineData("Operator:ApiQps", "-1", "Operator:ApiQps must be in [1, 10000] (was -1).")]
    [InlineData("Operator:ApiBurst", "0", "Operator:ApiBurst must be in [1, 100000] (was 0).")]
    [InlineData("Operator:Workers", "0", "Operator:Workers must be in [1, 64] (was 0).")]
    [InlineData("Operator:Informer:HeartbeatWindow", "00:00:00", "Operator:Informer:HeartbeatWindow must be greater than 0 (was 00:00:00).")]
    [InlineData("Operator:Informer:ListPageSize", "0", "Operator:Informer:ListPageSize must be at least 1 (was 0).")]
    [InlineData("Operator:Informer:ReconnectBackoff:BaseDelay", "00:00:00", "Operator:Informer:ReconnectBackoff:BaseDelay must be greater than 0 (was 00:00:00).")]
    [InlineData("Operator:Retry:MaxDelay", "00:00:00.001", "Operator:Retry:MaxDelay must be at least Operator:Retry:BaseDelay (00:00:00.0050000) (was 00:00:00.0010000).")]
    [InlineData("Operator:LeaderElection:LeaseDuration", "00:00:01.500", "Operator:LeaderElection:LeaseDuration must be a whole number of seconds, at least 1 (was 00:00:01.5000000).")]
    [InlineData("Operator:LeaderElection:RenewDeadline", "00:00:20", "Operator:LeaderElection:RenewDeadline must be greater than 0 and less than Operator:LeaderElection:LeaseDuration (00:00:15) (was 00:00:20).")]
    [InlineData("Operator:Health:Port", "70000", "Operator:Health:Port must be in [0, 65535], or empty to serve no endpoint (was 70000).")]
    public async Task A_bad_value_stops_the_host_at_start_with_a_message_naming_its_key(string key, string value, string message)
    {
        using var host = Build(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task Leader_election_rules_do_not_apply_when_it_is_off()
    {
        using var host = Build(
            new() { ["Operator:LeaderElection:Enabled"] = "false", ["Operator:LeaderElection:RenewDeadline"] = "00:00:20" },
            settings => settings.Health.Port = null);

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void Values_come_from_configuration_then_from_code_and_reach_the_runtime_services()
    {
        using var host = Build(
            new()
            {
                ["Operator:Workers"] = "5",
                ["Operator:Informer:ListPageSize"] = "50",
                ["Operator:LeaderElection:LeaseName"] = "from-configuration",
                ["Operator:LeaderElection:LeaseNamespace"] = "ops",
            },
            settings => settings.LeaderElection.Identity = "from-code");

        var settings = host.Services.GetRequiredService<IOptions<OperatorSettings>>().Value;
        Assert.Equal(5, settings.Workers);
        Assert.Equal(50, settings.Informer.ListPageSize);
        var election = host.Services.GetRequiredService<LeaderElectionSettings>();
        Assert.Equal(("from-configuration", "ops", "from-code"), (election.LeaseName, election.LeaseNamespace, election.Identity));
    }

    [Fact]
    public void A_lease_namespace_and_identity_left_empty_are_filled_in_at_start()
    {
        using var host = Build([]);

        var election = host.Services.GetRequiredService<LeaderElectionSettings>();
        Assert.Equal(Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "default", election.LeaseNamespace);
        Assert.Matches("^.+_[0-9a-f]{32}$", election.Identity);
    }

    [Fact]
    public void Settings_from_code_only_are_validated_too()
    {
        var services = new ServiceCollection().AddKubernetesOperator(s => s.Workers = 100).Services;
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OperatorSettings>>().Value);
        Assert.Contains("Operator:Workers must be in [1, 64] (was 100).", error.Failures);
    }
}
