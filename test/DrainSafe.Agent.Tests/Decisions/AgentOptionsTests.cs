using DrainSafe.Agent.Options;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class AgentOptionsTests
{
    private static readonly KubernetesClientConfiguration NoApiServer = new() { Host = "http://127.0.0.1:1/" };

    [Fact]
    public async Task A_poll_interval_below_200_ms_stops_the_host_at_start_with_a_message_naming_the_setting_and_range()
    {
        using var host = AgentHost.Create(["--Agent:NodeName=node-0", "--Agent:PollInterval=00:00:00.050"], kubernetes: NoApiServer, logs: NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var message = Assert.Single(error.Failures);
        Assert.Contains("Agent:PollInterval", message, StringComparison.Ordinal);
        Assert.Contains("between 00:00:00.2000000 and 00:05:00", message, StringComparison.Ordinal);
        Assert.Contains("00:00:00.0500000", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_node_name_stops_the_host_and_names_the_setting_and_node_name()
    {
        using var host = AgentHost.Create([], c => c.AddInMemoryCollection([new("Agent:NodeName", "")]), NoApiServer, NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("Agent:NodeName", StringComparison.Ordinal) && f.Contains("NODE_NAME", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_given_in_code_are_validated_when_the_host_is_created()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            AgentHost.Create(new AgentOptions { NodeName = "node-0", HealthPort = 70_000, ImdsBaseUrl = "not a url" }, NoApiServer));

        Assert.Contains(error.Failures, f => f.Contains("Agent:HealthPort", StringComparison.Ordinal) && f.Contains("65535", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Agent:ImdsBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_bind_from_the_command_line_and_an_empty_health_port_disables_it()
    {
        using var host = AgentHost.Create(
            ["--Agent:NodeName=node-0", "--Agent:PollInterval=00:00:02", "--Agent:VmName=pool1-vmss_0", "--Agent:HealthPort=", "--Agent:ImdsBaseUrl=http://127.0.0.1:9/vm/x/"],
            kubernetes: NoApiServer, logs: NullLoggerFactory.Instance);

        var options = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;

        Assert.Equal(("node-0", "pool1-vmss_0", TimeSpan.FromSeconds(2)), (options.NodeName, options.VmName, options.PollInterval));
        Assert.Null(options.HealthPort);
        Assert.Equal("http://127.0.0.1:9/vm/x/", options.ImdsBaseUrl);
    }

    [Fact]
    public void Json_logs_switch_the_console_to_json_lines()
    {
        using var host = AgentHost.Create(["--Agent:NodeName=node-0", "--Agent:JsonLogs=true"], kubernetes: NoApiServer);

        var console = host.Services.GetRequiredService<IOptionsMonitor<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json, console.FormatterName);
    }

    [Fact]
    public void The_defaults_are_valid_once_a_node_name_is_given()
    {
        var result = new AgentOptionsValidator().Validate(new AgentOptions { NodeName = "node-0" });
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }
}
