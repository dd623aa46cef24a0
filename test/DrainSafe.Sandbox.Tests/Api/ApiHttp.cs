using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>Raw HTTP against the sandbox, to check exact bodies, headers and watch lines.</summary>
public sealed class ApiHttp : IDisposable
{
    private readonly HttpClient _client;

    public ApiHttp(Uri baseAddress, string? bearerToken = null)
    {
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearerToken is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, string ContentType)> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : JsonValue.Create(text),
            response.Content.Headers.ContentType?.MediaType ?? string.Empty);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>Reads watch lines until <paramref name="stop"/> says so or the stream ends; returns them with the status.</summary>
    public async Task<(HttpStatusCode Status, List<JsonObject> Events, bool Ended)> WatchAsync(string path, Func<List<JsonObject>, bool> stop,
        TimeSpan? timeout = null, string? accept = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var events = new List<JsonObject>();
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        using var reader = new StreamReader(stream);
        while (!stop(events))
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(deadline.Token);
            }
            catch (IOException)
            {
                // The server cut the connection (a dropped watch).
                return (response.StatusCode, events, true);
            }

            if (line is null)
            {
                return (response.StatusCode, events, true);
            }

            if (line.Length > 0)
            {
                events.Add((JsonObject)JsonNode.Parse(line)!);
            }
        }

        return (response.StatusCode, events, false);
    }

    public void Dispose() => _client.Dispose();
}
