namespace DrainSafe.Sandbox.Tests.Kubectl;

public sealed class KubectlSmokeTests
{
    [Fact]
    public async Task Kubectl_get_namespaces_lists_the_initial_namespaces()
    {
        await using var sandbox = await SandboxFixture.StartAsync();
        var output = await sandbox.Kubectl.RunOrThrowAsync("get", "namespaces", "-v=6");
        Assert.Contains("kube-system", output);
    }
}
