using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Client;

/// <summary>Answers every request with a canned body and records what was sent, so request shapes can be asserted without a server.</summary>
internal sealed class RecordingHandler(string responseBody, HttpStatusCode status = HttpStatusCode.OK) : DelegatingHandler
{
    public ConcurrentQueue<(HttpMethod Method, string Uri, string? ContentType, string Body)> Sent { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Enqueue((request.Method, request.RequestUri!.ToString(), request.Content?.Headers.ContentType?.MediaType, body));
        return new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(responseBody, Encoding.UTF8, "application/json"),
        };
    }
}
