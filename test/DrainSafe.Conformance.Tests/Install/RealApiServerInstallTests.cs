using DrainSafe.Conformance.Tests.RealApiServer;
using DrainSafe.Testing.Kubectl;

namespace DrainSafe.Conformance.Tests.Install;

/// <summary>
/// <c>helm install</c> of charts/drainsafe against a real kube-apiserver v1.20.2: every object is stored, the
/// admission policy is skipped (the chart renders it only where the cluster serves it) and the PDB is policy/v1beta1.
/// </summary>
[Trait("Category", "RealApiServer")]
[Collection(HelmInstallCollection.Name)]
public sealed class HelmInstallTests(RealInstallApiServerFixture server) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("drainsafe-helm-");

    public void Dispose()
    {
        _timeout.Dispose();
        _home.Delete(recursive: true);
    }

    [SkippableFact]
    public async Task Helm_install_stores_every_object_and_leaves_out_the_admission_policy_v1_20_does_not_serve()
    {
        server.RequireAvailable();
        Helm.Require();

        var (exitCode, output) = await Helm.RunAsync(_home.FullName, "install", "drainsafe", "charts/drainsafe",
            "--namespace", InstalledObjects.Namespace, "--create-namespace", "--kubeconfig", server.Server.KubeconfigPath);
        var (_, manifest) = await Helm.RunAsync(_home.FullName, "get", "manifest", "drainsafe",
            "--namespace", InstalledObjects.Namespace, "--kubeconfig", server.Server.KubeconfigPath);
        using var admin = server.Server.CreateHttpClient(ApiIdentity.Admin);
        var missing = await InstalledObjects.MissingAsync(admin, _timeout.Token);

        Assert.True(exitCode == 0, output);
        Assert.Contains("STATUS: deployed", output, StringComparison.Ordinal);
        Assert.Empty(missing);
        Assert.DoesNotContain("ValidatingAdmissionPolicy", manifest, StringComparison.Ordinal);
        Assert.Contains("apiVersion: policy/v1beta1", manifest, StringComparison.Ordinal);
    }
}

/// <summary>
/// <c>kubectl apply -k</c> against a real kube-apiserver v1.20.2. config/default: kubectl refuses the CRD's CEL rules
/// (1.20's schema has no x-kubernetes-validations); past that check, it stores everything except the kinds 1.20 does
/// not serve (the admission policy and binding, policy/v1 PodDisruptionBudget). The overlay config/kubernetes-1.20
/// applies cleanly and stores every object.
/// </summary>
[Trait("Category", "RealApiServer")]
[Collection(KustomizeInstallCollection.Name)]
public sealed partial class KustomizeInstallTests(RealInstallApiServerFixture server) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("drainsafe-kubectl-");

    public void Dispose()
    {
        _timeout.Dispose();
        _home.Delete(recursive: true);
    }

    [SkippableFact]
    public async Task Config_default_fails_only_on_what_v1_20_does_not_serve_and_the_kubernetes_1_20_overlay_applies_cleanly()
    {
        server.RequireAvailable();
        var kubectl = new KubectlRunner(server.Server.KubeconfigPath, _home.FullName);
        using var admin = server.Server.CreateHttpClient(ApiIdentity.Admin);

        var validated = await kubectl.RunAsync("apply", "-k", RepositoryRoot.Combine("config", "default"));
        var missingAfterValidated = await InstalledObjects.MissingAsync(admin, _timeout.Token);
        var full = await kubectl.RunAsync("apply", "--validate=false", "-k", RepositoryRoot.Combine("config", "default"));
        var missingAfterFull = await InstalledObjects.MissingAsync(admin, _timeout.Token);
        var overlay = await kubectl.RunAsync("apply", "-k", RepositoryRoot.Combine("config", "kubernetes-1.20"));
        var missingAfterOverlay = await InstalledObjects.MissingAsync(admin, _timeout.Token);

        Assert.NotEqual(0, validated.ExitCode);
        Assert.Contains("unknown field \"x-kubernetes-validations\"", validated.StandardError, StringComparison.Ordinal);
        Assert.Contains(missingAfterValidated, path => path.Contains("/customresourcedefinitions/", StringComparison.Ordinal));
        Assert.NotEqual(0, full.ExitCode);
        var errors = full.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(errors.All(line => OnlyUnservedKinds().IsMatch(line)), full.StandardError);
        Assert.Equal(["/apis/policy/v1beta1/namespaces/drainsafe-system/poddisruptionbudgets/drainsafe-operator (404)"], missingAfterFull);
        Assert.True(overlay.ExitCode == 0, overlay.StandardOutput + overlay.StandardError);
        Assert.Contains("poddisruptionbudget.policy/drainsafe-operator created", overlay.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(missingAfterOverlay);
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        "no matches for kind \"(ValidatingAdmissionPolicy|ValidatingAdmissionPolicyBinding|PodDisruptionBudget)\" in version \"(admissionregistration.k8s.io|policy)/v1\"|ensure CRDs are installed first")]
    private static partial System.Text.RegularExpressions.Regex OnlyUnservedKinds();
}
