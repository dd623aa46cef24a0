using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace DrainSafe.Conformance.Tests.Conformance;

/// <summary>Raw HTTP calls to an API server, so tests see exactly what a client receives.</summary>
public static class RawApi
{
    /// <summary>The Accept header kubectl sends for <c>kubectl get</c> (Table, falling back to JSON).</summary>
    public const string TableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    /// <summary>Content type of a JSON merge patch.</summary>
    public const string MergePatch = "application/merge-patch+json";

    /// <summary>Content type of a JSON patch.</summary>
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>Content type of a strategic merge patch.</summary>
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";

    /// <summary>GET <paramref name="path"/>.</summary>
    public static Task<ApiResponse> GetApiAsync(this HttpClient http, string path, CancellationToken cancellationToken, string accept = "application/json") =>
        http.SendApiAsync(HttpMethod.Get, path, null, cancellationToken, accept: accept);

    /// <summary>POST a JSON body.</summary>
    public static Task<ApiResponse> PostApiAsync(this HttpClient http, string path, JsonNode body, CancellationToken cancellationToken) =>
        http.SendApiAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>PUT a JSON body.</summary>
    public static Task<ApiResponse> PutApiAsync(this HttpClient http, string path, JsonNode body, CancellationToken cancellationToken) =>
        http.SendApiAsync(HttpMethod.Put, path, body, cancellationToken);

    /// <summary>PATCH with the given patch content type.</summary>
    public static Task<ApiResponse> PatchApiAsync(this HttpClient http, string path, JsonNode body, string contentType, CancellationToken cancellationToken) =>
        http.SendApiAsync(HttpMethod.Patch, path, body, cancellationToken, contentType);

    /// <summary>DELETE.</summary>
    public static Task<ApiResponse> DeleteApiAsync(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.SendApiAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Sends a request and reads the whole answer.</summary>
    public static async Task<ApiResponse> SendApiAsync(
        this HttpClient http, HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken,
        string contentType = "application/json", string accept = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd(accept);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiResponse(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
    }
}
