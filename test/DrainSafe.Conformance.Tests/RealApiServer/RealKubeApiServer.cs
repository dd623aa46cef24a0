using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>
/// A real etcd and kube-apiserver on free loopback ports, in a temporary directory, with a self-signed
/// serving certificate (openssl), a static token file for <see cref="ApiIdentity.All"/> and a kubeconfig.
/// Disposing stops both processes and removes the directory.
/// </summary>
public sealed class RealKubeApiServer : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly Dictionary<ApiIdentity, string> _tokens;
    private readonly TiedProcess _etcd;
    private readonly TiedProcess _apiserver;
    private readonly Uri _etcdAddress;
    private readonly HttpClient _etcdHttp;

    private RealKubeApiServer(
        string directory, Uri baseAddress, Uri etcdAddress, X509Certificate2 certificate,
        Dictionary<ApiIdentity, string> tokens, TiedProcess etcd, TiedProcess apiserver, TimeSpan startupDuration)
    {
        Directory = directory;
        BaseAddress = baseAddress;
        _etcdAddress = etcdAddress;
        ServingCertificate = certificate;
        _tokens = tokens;
        _etcd = etcd;
        _apiserver = apiserver;
        StartupDuration = startupDuration;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        _etcdHttp = new HttpClient { BaseAddress = etcdAddress, Timeout = TimeSpan.FromSeconds(30) };
        File.WriteAllText(KubeconfigPath, RenderKubeconfig());
    }

    /// <summary>The apiserver's address, <c>https://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The temporary directory holding etcd's data, certificates, tokens, logs and the kubeconfig.</summary>
    public string Directory { get; }

    /// <summary>A kubeconfig with one context per identity (context and user named <see cref="ApiIdentity.Name"/>); the admin's is current.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The apiserver's self-signed serving certificate (also the CA in the kubeconfig).</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>From starting the kube-apiserver process to its first successful <c>/readyz</c>.</summary>
    public TimeSpan StartupDuration { get; }

    /// <summary>The apiserver's log file.</summary>
    public string ApiServerLogPath => _apiserver.LogPath;

    /// <summary>Starts etcd and the apiserver and waits until the apiserver reports ready.</summary>
    public static async Task<RealKubeApiServer> StartAsync(
        RealApiServerBinaries binaries, RealKubeApiServerOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(binaries, options, cancellationToken);
            }
            catch (PortTakenException) when (attempt < StartAttempts)
            {
                // Another process took a port between choosing and binding it: choose again.
            }
        }
    }

    /// <summary>A KubernetesClient that authenticates as <paramref name="identity"/> and trusts the serving certificate.</summary>
    public IKubernetes CreateClient(ApiIdentity identity) => new Kubernetes(CreateClientConfiguration(identity));

    /// <summary>The client configuration of <paramref name="identity"/> (token, serving certificate), e.g. for a whole operator host.</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(ApiIdentity identity) => new()
    {
        Host = BaseAddress.ToString(),
        AccessToken = _tokens[identity],
        SslCaCerts = [ServingCertificate],
    };

    /// <summary>A raw HTTP client (base address set) that authenticates as <paramref name="identity"/>.</summary>
    public HttpClient CreateHttpClient(ApiIdentity identity) => CreateHttpClient(BaseAddress, ServingCertificate, _tokens[identity]);

    private static HttpClient CreateHttpClient(Uri baseAddress, X509Certificate2 certificate, string token)
    {
        var expected = certificate.GetCertHash();
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(expected) },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Compacts etcd's history up to <paramref name="revision"/> (a resourceVersion): reads and watches from an
    /// older revision that reach etcd then fail with 410 Expired.
    /// </summary>
    public async Task CompactAsync(long revision, CancellationToken cancellationToken)
    {
        using var response = await _etcdHttp.PostAsJsonAsync(
            "/v3/kv/compaction", new { revision = revision.ToString(), physical = true }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"etcd compaction at revision {revision} failed: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>etcd's current revision (the newest resourceVersion the apiserver can have handed out).</summary>
    public async Task<long> CurrentRevisionAsync(CancellationToken cancellationToken)
    {
        using var response = await _etcdHttp.PostAsJsonAsync("/v3/kv/range", new { key = "AA==", limit = 1 }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return long.Parse(body!["header"]!["revision"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The last lines of the apiserver's and etcd's logs, for failure messages.</summary>
    public string LogTail() =>
        $"--- kube-apiserver ({_apiserver.LogPath}) ---{Environment.NewLine}{_apiserver.LogTail()}{Environment.NewLine}" +
        $"--- etcd ({_etcd.LogPath}) ---{Environment.NewLine}{_etcd.LogTail(10)}";

    /// <summary>Stops the apiserver, then etcd, and removes the temporary directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _apiserver.DisposeAsync();
        await _etcd.DisposeAsync();
        _etcdHttp.Dispose();
        TryDeleteDirectory(Directory);
    }

    private static async Task<RealKubeApiServer> StartOnceAsync(
        RealApiServerBinaries binaries, RealKubeApiServerOptions options, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("drainsafe-real-apiserver-").FullName;
        TiedProcess? etcd = null;
        TiedProcess? apiserver = null;
        try
        {
            var (etcdClientPort, etcdPeerPort, apiserverPort) = FreeLoopbackPorts();
            var etcdAddress = new Uri($"http://127.0.0.1:{etcdClientPort}");
            var baseAddress = new Uri($"https://127.0.0.1:{apiserverPort}");

            var certificate = await CreateServingCertificateAsync(directory, cancellationToken);
            await RunAsync("/usr/bin/openssl", ["genrsa", "-out", Path.Combine(directory, "service-account.key"), "2048"], cancellationToken);
            var tokens = ApiIdentity.All.ToDictionary(identity => identity, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
            await File.WriteAllLinesAsync(Path.Combine(directory, "tokens.csv"), tokens.Select(TokenLine), cancellationToken);

            var peer = $"http://127.0.0.1:{etcdPeerPort}";
            var client = $"http://127.0.0.1:{etcdClientPort}";
            etcd = TiedProcess.Start("etcd", binaries.Etcd,
            [
                "--name=drainsafe", $"--data-dir={Path.Combine(directory, "etcd")}",
                $"--listen-client-urls={client}", $"--advertise-client-urls={client}",
                $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}",
                $"--initial-cluster=drainsafe={peer}", "--initial-cluster-state=new",
                "--logger=zap", "--log-outputs=stderr",
            ], Path.Combine(directory, "etcd.log"));
            await WaitUntilAsync(etcd, options.ReadyTimeout, async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var health = await http.GetStringAsync(new Uri(etcdAddress, "/health"), cancellationToken);
                return health.Contains("\"health\":\"true\"", StringComparison.Ordinal);
            }, cancellationToken);

            var stopwatch = Stopwatch.StartNew();
            apiserver = TiedProcess.Start("kube-apiserver", binaries.KubeApiServer,
                ApiServerArguments(directory, etcdAddress, apiserverPort, options), Path.Combine(directory, "kube-apiserver.log"));
            using (var http = CreateHttpClient(baseAddress, certificate, tokens[ApiIdentity.Admin]))
            {
                http.Timeout = TimeSpan.FromSeconds(5);
                await WaitUntilAsync(apiserver, options.ReadyTimeout, async () =>
                {
                    using var response = await http.GetAsync("/readyz", cancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                }, cancellationToken);
            }

            return new RealKubeApiServer(directory, baseAddress, etcdAddress, certificate, tokens, etcd, apiserver, stopwatch.Elapsed);
        }
        catch
        {
            if (apiserver is not null)
            {
                await apiserver.DisposeAsync();
            }

            if (etcd is not null)
            {
                await etcd.DisposeAsync();
            }

            TryDeleteDirectory(directory);
            throw;
        }
    }

    private static IEnumerable<string> ApiServerArguments(string directory, Uri etcdAddress, int port, RealKubeApiServerOptions options)
    {
        yield return $"--etcd-servers=http://127.0.0.1:{etcdAddress.Port}";
        yield return "--bind-address=127.0.0.1";
        yield return "--advertise-address=127.0.0.1";
        yield return $"--secure-port={port}";
        yield return "--insecure-port=0";
        yield return $"--cert-dir={Path.Combine(directory, "certs")}";
        yield return $"--tls-cert-file={Path.Combine(directory, "serving.crt")}";
        yield return $"--tls-private-key-file={Path.Combine(directory, "serving.key")}";
        yield return $"--token-auth-file={Path.Combine(directory, "tokens.csv")}";
        yield return options.Authorization == AuthorizationMode.Rbac ? "--authorization-mode=RBAC" : "--authorization-mode=AlwaysAllow";
        yield return $"--service-account-key-file={Path.Combine(directory, "service-account.key")}";
        yield return $"--service-account-signing-key-file={Path.Combine(directory, "service-account.key")}";
        yield return "--service-account-issuer=https://kubernetes.default.svc.cluster.local";
        yield return "--service-cluster-ip-range=10.96.0.0/16";
        // No controller-manager creates the default service account, so pods could not be created with it.
        yield return "--disable-admission-plugins=ServiceAccount";
        // Nothing routes to this server; keep it from rewriting the kubernetes Endpoints every few seconds.
        yield return "--endpoint-reconciler-type=none";
        yield return "--profiling=false";
        yield return "--logtostderr=true";
        yield return "--v=1";
        if (options.UncachedResources.Count > 0)
        {
            yield return "--watch-cache-sizes=" + string.Join(',', options.UncachedResources.Select(resource => resource + "#0"));
        }
    }

    private static string TokenLine(KeyValuePair<ApiIdentity, string> entry)
    {
        var (identity, token) = entry;
        var line = $"{token},{identity.UserName},{identity.Name}";
        return identity.Groups.Count == 0 ? line : $"{line},\"{string.Join(',', identity.Groups)}\"";
    }

    private static async Task<X509Certificate2> CreateServingCertificateAsync(string directory, CancellationToken cancellationToken)
    {
        var certificatePath = Path.Combine(directory, "serving.crt");
        await RunAsync("/usr/bin/openssl",
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", Path.Combine(directory, "serving.key"), "-out", certificatePath,
            "-subj", "/CN=drainsafe-test-kube-apiserver",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ], cancellationToken);
        return X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath, cancellationToken));
    }

    private static async Task RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{executable} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    private static async Task WaitUntilAsync(
        TiedProcess process, TimeSpan timeout, Func<Task<bool>> isReady, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string lastProblem = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                var log = process.LogTail();
                if (log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException(process.Name);
                }

                throw new InvalidOperationException($"{process.Name} exited during start-up. Its log ({process.LogPath}):{Environment.NewLine}{log}");
            }

            try
            {
                if (await isReady())
                {
                    return;
                }

                lastProblem = "not ready";
            }
            catch (HttpRequestException exception)
            {
                lastProblem = exception.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = "probe timed out";
            }

            // Polling a starting server; a test never waits like this.
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException(
            $"{process.Name} was not ready after {timeout.TotalSeconds:0} s ({lastProblem}). Its log ({process.LogPath}):{Environment.NewLine}{process.LogTail()}");
    }

    private static (int, int, int) FreeLoopbackPorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the OS temp cleaner gets the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string RenderKubeconfig()
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(ServingCertificate.ExportCertificatePem()));
        var text = new StringBuilder();
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: Config");
        text.AppendLine("clusters:");
        text.AppendLine("- name: real-kube-apiserver");
        text.AppendLine("  cluster:");
        text.AppendLine($"    server: {BaseAddress.ToString().TrimEnd('/')}");
        text.AppendLine($"    certificate-authority-data: {ca}");
        text.AppendLine("users:");
        foreach (var (identity, token) in _tokens)
        {
            text.AppendLine($"- name: {identity.Name}");
            text.AppendLine("  user:");
            text.AppendLine($"    token: {token}");
        }

        text.AppendLine("contexts:");
        foreach (var identity in _tokens.Keys)
        {
            text.AppendLine($"- name: {identity.Name}");
            text.AppendLine("  context:");
            text.AppendLine("    cluster: real-kube-apiserver");
            text.AppendLine($"    user: {identity.Name}");
        }

        text.AppendLine($"current-context: {ApiIdentity.Admin.Name}");
        return text.ToString();
    }

    private sealed class PortTakenException(string process) : Exception($"{process} could not bind its port.");
}
