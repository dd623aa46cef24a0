using DrainSafe.Sandbox.Demo;

namespace DrainSafe.Sandbox.Tests.Demo;

public sealed class CommandLineTests
{
    [Fact]
    public void No_arguments_play_the_default_scenario_once()
    {
        var (options, error) = CommandLine.Parse([]);

        Assert.Null(error);
        Assert.Equal("rolling-host-maintenance", options!.Scenario);
        Assert.False(options.KeepRunning);
        Assert.Null(options.Nodes);
        Assert.Equal(0.01, options.GraceScale);
    }

    [Fact]
    public void Every_option_is_read_with_a_separate_or_inline_value()
    {
        var (options, error) = CommandLine.Parse(
            ["--scenario", "cancellation", "--nodes=7", "--pods-per-node", "20", "--keep-running", "--kubeconfig", "/tmp/k", "--speed", "2.5", "--grace-scale=0.5"]);

        Assert.Null(error);
        Assert.Equal(new DemoOptions
        {
            Scenario = "cancellation", Nodes = 7, PodsPerNode = 20, KeepRunning = true, Kubeconfig = "/tmp/k", Speed = 2.5, GraceScale = 0.5,
        }, options);
    }

    [Theory]
    [InlineData(new[] { "--nodes", "abc" }, "option '--nodes': 'abc' is not a whole number from 1 to 10000.")]
    [InlineData(new[] { "--nodes", "0" }, "option '--nodes': '0' is not a whole number from 1 to 10000.")]
    [InlineData(new[] { "--nodes" }, "option '--nodes' needs a value: the number of nodes per pool, e.g. --nodes 5.")]
    [InlineData(new[] { "--pods-per-node", "-3" }, "option '--pods-per-node': '-3' is not a whole number from 0 to 1000.")]
    [InlineData(new[] { "--speed", "1000" }, "option '--speed': '1000' is not a number from 0.1 to 100.")]
    [InlineData(new[] { "--grace-scale", "2" }, "option '--grace-scale': '2' is not a number from 0 to 1.")]
    [InlineData(new[] { "--grace-scale" }, "option '--grace-scale' needs a value: the share of a grace period a terminating pod takes, e.g. --grace-scale 0.1.")]
    [InlineData(new[] { "--frobnicate" }, "unknown option '--frobnicate'. Run with --help to see the options.")]
    [InlineData(new[] { "--keep-running=yes" }, "option '--keep-running' takes no value (got 'yes').")]
    [InlineData(new[] { "cancellation" }, "unexpected argument 'cancellation': options start with '--' (did you mean --scenario cancellation?).")]
    public void Mistakes_are_named_with_the_option_and_the_fix(string[] args, string message)
    {
        var (options, error) = CommandLine.Parse(args);

        Assert.Null(options);
        Assert.Equal(message, error);
    }
}
