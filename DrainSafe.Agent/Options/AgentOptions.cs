namespace DrainSafe.Agent.Options;

/// <summary>
/// The agent's settings, bound from the configuration section <see cref="SectionName"/> (appsettings, environment
/// variables such as <c>Agent__PollInterval</c>, command line <c>--Agent:PollInterval=00:00:02</c>) and validated at
/// start by <see cref="AgentOptionsValidator"/>.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Agent";

    /// <summary>The environment variable the node name defaults to (the downward API's <c>spec.nodeName</c>).</summary>
    public const string NodeNameEnvironmentVariable = "NODE_NAME";

    /// <summary>Azure's IMDS address.</summary>
    public const string AzureImdsBaseUrl = "http://169.254.169.254/";

    /// <summary>The node this agent runs on; default: the environment variable <c>NODE_NAME</c>.</summary>
    public string? NodeName { get; set; }

    /// <summary>The VM's compute name as events list it; null: ask IMDS (<c>metadata/instance/compute/name</c>).</summary>
    public string? VmName { get; set; }

    /// <summary>The IMDS base address; the sandbox gives each simulated VM its own.</summary>
    public string ImdsBaseUrl { get; set; } = AzureImdsBaseUrl;

    /// <summary>How often the scheduled events are read (Microsoft: once per second); at least 200 ms (IMDS admits 5 requests per second).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one IMDS request may take once IMDS has answered.</summary>
    public TimeSpan ImdsRequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long IMDS requests may take until IMDS has answered once (the service may take two minutes to wake).</summary>
    public TimeSpan ImdsFirstCallTimeout { get; set; } = TimeSpan.FromSeconds(150);

    /// <summary>The first delay after a failure (IMDS 429/5xx/410/timeout, API server errors, a failed approval); doubles, with jitter, per failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>/readyz fails when IMDS has not answered a document for this long.</summary>
    public TimeSpan ImdsStaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The server-side timeout of the agent's watch of its NodeMaintenance; the watch then resumes from its last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The port of /healthz, /readyz and /metrics; 0 picks a free port; null serves none.</summary>
    public int? HealthPort { get; set; } = 8080;

    /// <summary>The address the health port listens on.</summary>
    public string HealthAddress { get; set; } = "0.0.0.0";

    /// <summary>Log JSON lines instead of plain text on the console.</summary>
    public bool JsonLogs { get; set; }

    /// <summary>The IMDS base address as a URI with a trailing slash (validated before use).</summary>
    internal Uri ImdsBase => new(ImdsBaseUrl.EndsWith('/') ? ImdsBaseUrl : ImdsBaseUrl + "/", UriKind.Absolute);
}
