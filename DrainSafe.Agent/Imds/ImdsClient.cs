using System.Net;
using System.Text;
using System.Text.Json;
using DrainSafe.Agent.Options;

namespace DrainSafe.Agent.Imds;

/// <summary>
/// The one place that talks to IMDS: reads the scheduled events and the VM's compute name, and posts approvals.
/// <c>Metadata: true</c> on every request, no proxy, a short timeout per request, except a long one until IMDS has
/// answered once (the service may take up to two minutes to wake). It never retries by itself: the caller decides
/// when to call again.
/// </summary>
public sealed class ImdsClient : IDisposable
{
    private const string ScheduledEventsPath = "metadata/scheduledevents?api-version=2020-07-01";
    private const string ComputeNamePath = "metadata/instance/compute/name?api-version=2021-02-01&format=text";

    private readonly HttpClient http;
    private readonly TimeSpan requestTimeout;
    private readonly TimeSpan firstCallTimeout;
    private readonly TimeProvider time;
    private volatile bool answeredOnce;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The base address and the timeouts.</param>
    /// <param name="time">The clock of the timeouts.</param>
    public ImdsClient(AgentOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        requestTimeout = options.ImdsRequestTimeout;
        firstCallTimeout = options.ImdsFirstCallTimeout;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.ImdsFirstCallTimeout,
        };
        http = new HttpClient(handler) { BaseAddress = options.ImdsBase, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("Metadata", "true");
    }

    /// <summary>The IMDS base address.</summary>
    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>Reads the scheduled events document.</summary>
    public async Task<ImdsAnswer<ImdsSnapshot>> GetScheduledEventsAsync(CancellationToken cancellationToken)
    {
        var (outcome, status, body, problem) = await SendAsync(HttpMethod.Get, ScheduledEventsPath, null, cancellationToken).ConfigureAwait(false);
        if (outcome != ImdsOutcome.Answered)
        {
            return new(outcome, null, status, problem);
        }

        var snapshot = ImdsDocumentParser.TryParse(body, out var parseProblem);
        return snapshot is null
            ? new(ImdsOutcome.Malformed, null, status, parseProblem)
            : new(ImdsOutcome.Answered, snapshot, status, null);
    }

    /// <summary>Reads the VM's compute name (on a scale set <c>{scaleSetName}_{instanceId}</c>).</summary>
    public async Task<ImdsAnswer<string>> GetVmNameAsync(CancellationToken cancellationToken)
    {
        var (outcome, status, body, problem) = await SendAsync(HttpMethod.Get, ComputeNamePath, null, cancellationToken).ConfigureAwait(false);
        if (outcome != ImdsOutcome.Answered)
        {
            return new(outcome, null, status, problem);
        }

        var name = body?.Trim();
        return string.IsNullOrEmpty(name)
            ? new(ImdsOutcome.Malformed, null, status, "empty compute name")
            : new(ImdsOutcome.Answered, name, status, null);
    }

    /// <summary>Approves events: one POST of <c>{"StartRequests":[{"EventId":"..."}, ...]}</c>.</summary>
    public async Task<ImdsAnswer<string>> ApproveAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var body = JsonSerializer.Serialize(
            new StartRequestsJson(eventIds.Select(id => new StartRequestJson(id)).ToList()), ImdsJsonContext.Default.StartRequestsJson);
        var (outcome, status, _, problem) = await SendAsync(HttpMethod.Post, ScheduledEventsPath, body, cancellationToken).ConfigureAwait(false);
        return new(outcome == ImdsOutcome.Answered ? ImdsOutcome.Answered : outcome, outcome == ImdsOutcome.Answered ? body : null, status, problem);
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private async Task<(ImdsOutcome Outcome, int? Status, string? Body, string? Problem)> SendAsync(
        HttpMethod method, string path, string? jsonBody, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(answeredOnce ? requestTimeout : firstCallTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            answeredOnce = true;
            var status = (int)response.StatusCode;
            return response.StatusCode == HttpStatusCode.OK
                ? (ImdsOutcome.Answered, status, body, null)
                : (ImdsOutcome.ErrorStatus, status, null, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (ImdsOutcome.TimedOut, null, null, $"no answer within {(answeredOnce ? requestTimeout : firstCallTimeout)}");
        }
        catch (HttpRequestException e)
        {
            return (ImdsOutcome.Unreachable, null, null, e.Message);
        }
    }
}
