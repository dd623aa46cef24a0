using System.Diagnostics;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Scenarios;

namespace DrainSafe.Sandbox.Tests.Demo;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task List_scenarios_prints_the_six_built_in_names_one_per_line()
    {
        var (exitCode, output, _) = await RunAsync("--list-scenarios");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["cancellation", "hardware-failure", "multi-vm-event", "pdb-blocks-forever", "rolling-host-maintenance", "spot-preemption"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("--nodes=many", "option '--nodes'")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--scenario=no-such-scenario", "No scenario 'no-such-scenario'")]
    [InlineData("--nodes=2", "option '--nodes': 2 is too few for scenario 'rolling-host-maintenance'")]
    public async Task Bad_option_exits_2_with_a_message_naming_it(string argument, string message)
    {
        var (exitCode, output, errors) = await RunAsync(argument);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, errors);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Help_lists_every_option()
    {
        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--scenario", "--nodes", "--pods-per-node", "--keep-running", "--kubeconfig", "--list-scenarios", "--help", "--speed", "--grace-scale", "--without-drainsafe" })
        {
            Assert.Contains(option, output);
        }
    }

    [Fact]
    public async Task Playing_a_scenario_without_DrainSafe_says_so_shows_the_nodes_and_prints_summary_and_expectations()
    {
        var directory = Directory.CreateTempSubdirectory("drainsafe-demo-");
        var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
        try
        {
            var (exitCode, output, errors) = await RunAsync("--scenario", "hardware-failure", "--without-drainsafe", "--speed", "4", "--grace-scale", "0.02", "--kubeconfig", kubeconfig);

            Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");
            Assert.Contains("--without-drainsafe: this run shows the simulated cluster WITHOUT DrainSafe", output);
            Assert.Contains($"kubeconfig:  {kubeconfig}", output);
            Assert.Contains("Time scale:  timeline x4; grace periods x0.02 (a 30 s grace period takes 600 ms", output);
            Assert.True(File.Exists(kubeconfig));
            Assert.Matches(@"TIME\s+NODE\s+STATUS\s+PODS\s+EVENT\s+NOT BEFORE\s+WHAT HAPPENED", output);
            Assert.Contains("pool1-vmss000001   NotReady", output);
            Assert.Contains("Summary (WITHOUT DrainSafe", output);
            Assert.Contains("time to cordon   n/a without DrainSafe", output);
            Assert.Contains("pods killed      2 evictable pods still ran when the VM went down", output);
            Assert.Contains("[held]          exactly these nodes are cordoned at the end: pool1-vmss000000", output);
            Assert.Contains("Result: 3 held, 0 failed, 0 not evaluated", output);
            Assert.Contains("Exit code: 0", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_DrainSafe_its_expectations_are_reported_not_evaluated_and_do_not_fail_the_run()
    {
        var directory = Directory.CreateTempSubdirectory("drainsafe-demo-");
        try
        {
            var (exitCode, output, errors) = await RunAsync("--scenario", "cancellation", "--without-drainsafe", "--speed", "4", "--kubeconfig", Path.Combine(directory.FullName, "kubeconfig"));

            Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");
            Assert.Contains("withdrawn by Azure before it started", output);
            Assert.Contains("[not evaluated] events never approved: planned", output);
            Assert.Contains("not evaluated: DrainSafe was not running (--without-drainsafe)", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_grace_scale_option_is_the_simulated_clusters_grace_period_scale()
    {
        Assert.Equal(0.25, SandboxCommand.WorldOptionsFor(new DemoOptions { GraceScale = 0.25 }).GracePeriodScale);
        Assert.Equal(0.01, SandboxCommand.WorldOptionsFor(new DemoOptions()).GracePeriodScale);
    }

    [Fact]
    public async Task The_program_itself_exits_2_on_a_bad_option_and_lists_scenarios()
    {
        var program = Path.Combine(AppContext.BaseDirectory, "DrainSafe.Sandbox.dll");

        var bad = await RunProcessAsync(program, "--nodes");
        var list = await RunProcessAsync(program, "--list-scenarios");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("drainsafe-sandbox: option '--nodes' needs a value", bad.Errors);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(ScenarioLoader.BuiltInNames, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exitCode = await SandboxCommand.RunAsync(args, output, errors, timeout.Token);
        return (exitCode, output.ToString(), errors.ToString());
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunProcessAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
