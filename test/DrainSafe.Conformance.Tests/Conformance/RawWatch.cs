using System.Net;
using System.Text.Json.Nodes;

namespace DrainSafe.Conformance.Tests.Conformance;

/// <summary>A watch read line by line off the wire: one JSON event per line, as kube-apiserver streams them.</summary>
public sealed class RawWatch : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private RawWatch(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>The HTTP status of the watch request.</summary>
    public HttpStatusCode StatusCode => _response.StatusCode;

    /// <summary>Starts a watch on <paramref name="path"/> (which must carry <c>watch=true</c>); fails the test unless it answers 200.</summary>
    public static async Task<RawWatch> OpenAsync(HttpClient http, string path, CancellationToken cancellationToken, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new Xunit.Sdk.XunitException($"Watch {path} answered {(int)response.StatusCode}: {text}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new RawWatch(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when the server ended the stream. Fails the test if nothing comes within <paramref name="timeout"/>.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(limit.Token);
                if (line is null)
                {
                    return null;
                }

                if (line.Length > 0)
                {
                    return JsonNode.Parse(line) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Watch line is not an object: {line}");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No watch event and no end of stream within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Reads events until one satisfies <paramref name="match"/>; fails if the stream ends first.</summary>
    public async Task<JsonObject> NextMatchingAsync(Func<JsonObject, bool> match, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        while (true)
        {
            var next = await NextAsync(timeout, cancellationToken)
                ?? throw new Xunit.Sdk.XunitException($"The watch ended before {what}; saw: {string.Join(" | ", seen)}");
            if (match(next))
            {
                return next;
            }

            seen.Add(next["type"]?.GetValue<string>() ?? next.ToJsonString());
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
