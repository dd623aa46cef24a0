using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Watch;

/// <summary>
/// A fake API server inside the client's HTTP pipeline: LIST answers come from a queue, each WATCH gets a
/// stream the test writes lines into. Requests are recorded in order.
/// </summary>
internal sealed class ScriptedApi : DelegatingHandler
{
    private const string Hang = "hang";

    private readonly ConcurrentQueue<string> lists = new();
    private readonly Channel<WatchStream> watches = Channel.CreateUnbounded<WatchStream>();

    public ConcurrentQueue<string> Requests { get; } = new();

    public void AnswerNextList(string resourceVersion, params string[] items) =>
        lists.Enqueue($$$"""{"kind":"WidgetList","apiVersion":"test.drainsafe.azure.com/v1","metadata":{"resourceVersion":"{{{resourceVersion}}}"},"items":[{{{string.Join(',', items)}}}]}""");

    /// <summary>The next LIST never answers (a dead connection): the request waits until it is cancelled.</summary>
    public void HangNextList() => lists.Enqueue(Hang);

    public static string Widget(string name, string resourceVersion, long generation = 1, string? uid = null) =>
        $$$"""{"apiVersion":"test.drainsafe.azure.com/v1","kind":"Widget","metadata":{"name":"{{{name}}}","uid":"{{{uid ?? "uid-" + name}}}","resourceVersion":"{{{resourceVersion}}}","generation":{{{generation}}}},"spec":{"size":"small"}}""";

    public static string Event(string type, string objectJson) => $$$"""{"type":"{{{type}}}","object":{{{objectJson}}}}""";

    public static string Bookmark(string resourceVersion) =>
        Event("BOOKMARK", $$$"""{"kind":"Widget","apiVersion":"test.drainsafe.azure.com/v1","metadata":{"resourceVersion":"{{{resourceVersion}}}"}}""");

    public static string Expired() =>
        Event("ERROR", """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version","reason":"Expired","code":410}""");

    /// <summary>Waits (bounded) for the informer's next watch request.</summary>
    public async Task<WatchStream> NextWatchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await watches.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The informer's next watch request if it has been made, without waiting.</summary>
    public bool TryNextWatch(out WatchStream? stream) => watches.Reader.TryRead(out stream);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!.PathAndQuery;
        Requests.Enqueue(uri);
        if (uri.Contains("watch=true", StringComparison.Ordinal))
        {
            var stream = new WatchStream(uri);
            watches.Writer.TryWrite(stream);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StreamContent(stream.Body) };
        }

        var body = lists.TryDequeue(out var list) ? list : throw new InvalidOperationException($"No LIST answer scripted for {uri}.");
        if (ReferenceEquals(body, Hang))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
    }

    internal sealed class WatchStream(string uri)
    {
        private readonly Pipe pipe = new();

        public string Uri { get; } = uri;

        public Stream Body => pipe.Reader.AsStream();

        public async Task SendAsync(string line) => await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

        public Task CloseAsync() => pipe.Writer.CompleteAsync().AsTask();

        /// <summary>Breaks the stream the way a dropped connection does: the reader gets an IOException.</summary>
        public Task ResetAsync() => pipe.Writer.CompleteAsync(new IOException("Unable to read data from the transport connection: Connection reset by peer.")).AsTask();
    }
}
