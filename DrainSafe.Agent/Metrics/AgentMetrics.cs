using System.Diagnostics.Metrics;

namespace DrainSafe.Agent.Metrics;

/// <summary>
/// The agent's instruments (System.Diagnostics.Metrics), exposed in Prometheus text at /metrics. One meter per host
/// (from the host's <see cref="IMeterFactory"/>), so agents that share a process keep their own numbers.
/// </summary>
public sealed class AgentMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "DrainSafe.Agent";

    private readonly Counter<long> polls;
    private readonly Counter<long> imdsErrors;
    private readonly Counter<long> eventsSeen;
    private readonly Counter<long> approvals;
    private readonly Counter<long> apiWrites;
    private readonly Counter<long> incarnationBackwards;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/>.</summary>
    public AgentMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        polls = Meter.CreateCounter<long>("drainsafe_agent_imds_polls_total", description: "Scheduled events documents requested from IMDS.");
        imdsErrors = Meter.CreateCounter<long>("drainsafe_agent_imds_errors_total", description: "IMDS calls that gave no usable answer, by status code (or timeout, unreachable, malformed).");
        eventsSeen = Meter.CreateCounter<long>("drainsafe_agent_events_seen_total", description: "Scheduled events listing this VM seen for the first time, by event type.");
        approvals = Meter.CreateCounter<long>("drainsafe_agent_approvals_total", description: "Events approved with IMDS.");
        incarnationBackwards = Meter.CreateCounter<long>("drainsafe_agent_imds_incarnation_backwards_total", description: "Documents whose DocumentIncarnation was lower than the last one taken, by whether the document was taken (confirmed) or held.");
        apiWrites = Meter.CreateCounter<long>("drainsafe_agent_api_writes_total", description: "Writes to the API server, by kind (create, spec, status) and outcome.");
    }

    /// <summary>The meter of these instruments.</summary>
    public Meter Meter { get; }

    /// <summary>Counts one scheduled events request.</summary>
    public void Poll() => polls.Add(1);

    /// <summary>Counts one IMDS call without a usable answer.</summary>
    public void ImdsError(string code) => imdsErrors.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <summary>Counts an event seen for the first time.</summary>
    public void EventSeen(string eventType) => eventsSeen.Add(1, new KeyValuePair<string, object?>("event_type", eventType));

    /// <summary>Counts approved events.</summary>
    public void Approved(int count) => approvals.Add(count);

    /// <summary>Counts one document whose incarnation went backwards, taken or held.</summary>
    public void ImdsIncarnationWentBackwards(bool taken) =>
        incarnationBackwards.Add(1, new KeyValuePair<string, object?>("taken", taken ? "true" : "false"));

    /// <summary>Counts one API write.</summary>
    public void ApiWrite(string kind, bool succeeded) => apiWrites.Add(1,
        new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "error"));
}
