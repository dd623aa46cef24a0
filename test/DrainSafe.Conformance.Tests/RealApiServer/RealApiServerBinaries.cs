namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>
/// Where the real kube-apiserver and etcd are. Same variables and defaults as
/// <c>scripts/real-apiserver/env.sh</c>; <c>scripts/real-apiserver/install.sh</c> puts them there.
/// </summary>
/// <param name="KubeApiServer">Path of the kube-apiserver v1.20.2 binary.</param>
/// <param name="Etcd">Path of the etcd binary.</param>
public sealed record RealApiServerBinaries(string KubeApiServer, string Etcd)
{
    /// <summary>The kube-apiserver version the tier is built and recorded against.</summary>
    public const string KubernetesVersion = "v1.20.2";

    /// <summary>How to get the binaries, for skip and failure messages.</summary>
    public const string InstallHint =
        "Install them with `sudo scripts/real-apiserver/install.sh` (builds kube-apiserver " + KubernetesVersion +
        " from Debian's source package, about 8 minutes once, then cached), or point DRAINSAFE_KUBE_APISERVER and DRAINSAFE_ETCD at them.";

    /// <summary>Finds the binaries, or explains what is missing.</summary>
    /// <param name="problem">Why the binaries cannot be used, when the answer is null.</param>
    public static RealApiServerBinaries? Locate(out string problem)
    {
        var cache = Environment.GetEnvironmentVariable("DRAINSAFE_TOOLS_CACHE") is { Length: > 0 } c ? c : "/var/cache/drainsafe";
        var apiserver = Environment.GetEnvironmentVariable("DRAINSAFE_KUBE_APISERVER") is { Length: > 0 } a
            ? a
            : Path.Combine(cache, $"kube-apiserver-{KubernetesVersion}", "kube-apiserver");
        var etcd = Environment.GetEnvironmentVariable("DRAINSAFE_ETCD") is { Length: > 0 } e ? e : "/usr/bin/etcd";

        var missing = new[] { ("kube-apiserver", apiserver), ("etcd", etcd) }
            .Where(binary => !File.Exists(binary.Item2))
            .Select(binary => $"{binary.Item1} not found at {binary.Item2}")
            .ToList();
        if (!File.Exists("/usr/bin/openssl"))
        {
            missing.Add("openssl not found at /usr/bin/openssl");
        }

        if (missing.Count > 0)
        {
            problem = $"The real kube-apiserver tier needs its binaries: {string.Join("; ", missing)}. {InstallHint}";
            return null;
        }

        problem = string.Empty;
        return new RealApiServerBinaries(apiserver, etcd);
    }
}
