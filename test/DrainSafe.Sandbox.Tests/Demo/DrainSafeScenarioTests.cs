using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Scenarios;

namespace DrainSafe.Sandbox.Tests.Demo;

/// <summary>
/// The main job with DrainSafe's real operator and one real agent per node: every built-in scenario meets every one of
/// its expectations, none left "not evaluated", with the shipped admission policy enforced on the agents.
/// </summary>
public sealed class DrainSafeScenarioTests
{
    public static TheoryData<string> BuiltIn => new(ScenarioLoader.BuiltInNames);

    [Theory]
    [MemberData(nameof(BuiltIn))]
    public async Task Every_built_in_scenario_meets_all_its_expectations_with_DrainSafe_running(string scenario)
    {
        var directory = Directory.CreateTempSubdirectory("drainsafe-demo-");
        try
        {
            using var output = new StringWriter();
            using var errors = new StringWriter();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var exitCode = await SandboxCommand.RunAsync(
                ["--scenario", scenario, "--speed", "2", "--kubeconfig", Path.Combine(directory.FullName, "kubeconfig")], output, errors, timeout.Token);

            var text = output.ToString();
            Assert.True(exitCode == SandboxCommand.Success, $"exit code {exitCode}\n{text}\n{errors}");
            Assert.Contains("DrainSafe:   the operator runs against the API server; one agent per node", text);
            Assert.Contains("Admission:   enforcing drainsafe-agent-own-node from ", text);
            Assert.Contains(", 0 failed, 0 not evaluated.", text);
            Assert.DoesNotContain("[not evaluated]", text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
