using System.Globalization;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary>
/// The Lease API of kube-apiserver for one Lease, in memory: create refused when it exists, update refused with 409
/// unless it carries the current resourceVersion, the resourceVersion bumped on every write. Records every request;
/// a test can fail requests, hang them, or act just before one is answered (another instance writing first).
/// </summary>
internal sealed class LeaseServer(TimeProvider time) : DelegatingHandler
{
    private readonly Lock gate = new();
    private readonly List<Request> requests = [];
    private V1Lease? lease;
    private int version;
    private int hung;

    /// <summary>One request as the server received it.</summary>
    /// <param name="Method">GET, POST or PUT.</param>
    /// <param name="Path">The request path.</param>
    /// <param name="Sent">The Lease sent with a write.</param>
    /// <param name="VersionThen">The Lease's resourceVersion when the request arrived.</param>
    /// <param name="Status">The status answered; null while hung.</param>
    /// <param name="At">When it arrived, on the test's clock.</param>
    public sealed record Request(HttpMethod Method, string Path, V1Lease? Sent, string? VersionThen, HttpStatusCode? Status, DateTimeOffset At);

    /// <summary>Decides a status to fail a request with, or null to serve it.</summary>
    public Func<HttpMethod, HttpStatusCode?>? Fail { get; set; }

    /// <summary>Requests hang (until cancelled) while this holds.</summary>
    public Func<HttpMethod, bool>? Hang { get; set; }

    /// <summary>Runs as a request arrives, before it is served.</summary>
    public Action<HttpMethod>? OnArrival { get; set; }

    /// <summary>Requests hanging now.</summary>
    public int Hung => Volatile.Read(ref hung);

    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToList();
            }
        }
    }

    /// <summary>The stored Lease (a copy), or null.</summary>
    public V1Lease? Lease
    {
        get
        {
            lock (gate)
            {
                return lease is null ? null : KubernetesJson.Deserialize<V1Lease>(KubernetesJson.Serialize(lease));
            }
        }
    }

    public string? Holder => Lease?.Spec?.HolderIdentity;

    /// <summary>Another instance writes the Lease with this spec, as kube-apiserver stores it.</summary>
    public void Store(V1LeaseSpec spec)
    {
        lock (gate)
        {
            lease = new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta { Name = "lease", NamespaceProperty = "default", ResourceVersion = NextVersion() },
                Spec = spec,
            };
        }
    }

    /// <summary>Another instance holds the Lease, last renewed at <paramref name="renewedAt"/>.</summary>
    public void Hold(string identity, DateTimeOffset renewedAt, int durationSeconds = 15, int transitions = 0) =>
        Store(new V1LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = durationSeconds,
            AcquireTime = renewedAt.UtcDateTime,
            RenewTime = renewedAt.UtcDateTime,
            LeaseTransitions = transitions,
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var sent = string.IsNullOrEmpty(body) ? null : KubernetesJson.Deserialize<V1Lease>(body);
        var path = request.RequestUri!.AbsolutePath;
        OnArrival?.Invoke(request.Method);
        if (Hang?.Invoke(request.Method) == true)
        {
            Record(request.Method, path, sent, null);
            Interlocked.Increment(ref hung);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref hung);
            }
        }

        if (Fail?.Invoke(request.Method) is { } failure)
        {
            return Status(request, Record(request.Method, path, sent, failure));
        }

        lock (gate)
        {
            if (request.Method == HttpMethod.Get)
            {
                return lease is null
                    ? Status(request, RecordLocked(request.Method, path, sent, HttpStatusCode.NotFound))
                    : Answer(request, RecordLocked(request.Method, path, sent, HttpStatusCode.OK), KubernetesJson.Serialize(lease));
            }

            if ((request.Method == HttpMethod.Post && lease is not null)
                || (request.Method == HttpMethod.Put && sent?.Metadata?.ResourceVersion != lease?.Metadata?.ResourceVersion))
            {
                return Status(request, RecordLocked(request.Method, path, sent, HttpStatusCode.Conflict));
            }

            var status = RecordLocked(request.Method, path, sent, request.Method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK);
            var stored = KubernetesJson.Deserialize<V1Lease>(body!);
            stored.Metadata ??= new V1ObjectMeta();
            stored.Metadata.ResourceVersion = NextVersion();
            lease = stored;
            return Answer(request, status, KubernetesJson.Serialize(lease));
        }
    }

    private HttpStatusCode Record(HttpMethod method, string path, V1Lease? sent, HttpStatusCode? status)
    {
        lock (gate)
        {
            return RecordLocked(method, path, sent, status);
        }
    }

    private HttpStatusCode RecordLocked(HttpMethod method, string path, V1Lease? sent, HttpStatusCode? status)
    {
        requests.Add(new Request(method, path, sent, lease?.Metadata?.ResourceVersion, status, time.GetUtcNow()));
        return status ?? default;
    }

    private string NextVersion() => (++version).ToString(CultureInfo.InvariantCulture);

    private static HttpResponseMessage Status(HttpRequestMessage request, HttpStatusCode code) => Answer(request, code,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + ((int)code).ToString(CultureInfo.InvariantCulture) + "}");

    private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, string body) =>
        new(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
