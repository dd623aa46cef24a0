using System.Net;
using System.Text;
using System.Text.Json;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.Imds.Http;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Sandbox.Tests.Imds;

/// <summary>A simulated IMDS on a fake clock, served over loopback HTTP, and a plain HttpClient to call it.</summary>
internal sealed class ImdsTestWorld : IAsyncDisposable
{
    public const string ScheduledEventsPath = "metadata/scheduledevents?api-version=2020-07-01";

    public static readonly DateTimeOffset Epoch = new(2026, 4, 11, 22, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan ConditionTimeout = TimeSpan.FromSeconds(30);

    private ImdsTestWorld(FakeTimeProvider clock, RecordingImpactSink impacts, ImdsSimulator simulator, ImdsServer server)
    {
        Clock = clock;
        Impacts = impacts;
        Simulator = simulator;
        Server = server;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = ConditionTimeout };
    }

    public FakeTimeProvider Clock { get; }

    public RecordingImpactSink Impacts { get; }

    public ImdsSimulator Simulator { get; }

    public ImdsServer Server { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a world with the given VMs; no rate limit unless the options set one.</summary>
    public static async Task<ImdsTestWorld> StartAsync(ImdsOptions? options = null, params string[] vmNames)
    {
        var clock = new FakeTimeProvider(Epoch);
        var impacts = new RecordingImpactSink();
        var simulator = new ImdsSimulator(clock, impacts, options ?? new ImdsOptions { RequestsPerWindow = 0 });
        foreach (var vmName in vmNames)
        {
            simulator.AddVm(vmName);
        }

        var server = await ImdsServer.StartAsync(simulator);
        return new ImdsTestWorld(clock, impacts, simulator, server);
    }

    public static Task<ImdsTestWorld> StartAsync(params string[] vmNames) => StartAsync(null, vmNames);

    public Uri Url(string vmName, string relative) => new(Server.VmBaseAddress(vmName), relative);

    public Task<HttpResponseMessage> GetAsync(string vmName, string relative = ScheduledEventsPath, bool metadataHeader = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url(vmName, relative));
        if (metadataHeader)
        {
            request.Headers.Add("Metadata", "true");
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonElement> GetDocumentAsync(string vmName, string relative = ScheduledEventsPath)
    {
        using var response = await GetAsync(vmName, relative);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async Task<long> GetIncarnationAsync(string vmName) =>
        (await GetDocumentAsync(vmName)).GetProperty("DocumentIncarnation").GetInt64();

    public Task<HttpResponseMessage> PostAsync(string vmName, string body, bool metadataHeader = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(vmName, ScheduledEventsPath))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (metadataHeader)
        {
            request.Headers.Add("Metadata", "true");
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> ApproveAsync(string vmName, params string[] eventIds) =>
        PostAsync(vmName, JsonSerializer.Serialize(new { StartRequests = eventIds.Select(id => new { EventId = id }) }));

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + ConditionTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {ConditionTimeout.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Simulator.Dispose();
    }
}
