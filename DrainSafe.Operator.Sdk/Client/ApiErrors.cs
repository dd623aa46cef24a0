using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Client;

/// <summary>
/// The one place that reads API errors: the HTTP status of a failed call (from KubernetesClient's
/// <see cref="HttpOperationException"/> or the runtime's <see cref="KubernetesApiException"/>), its Status object and its
/// Retry-After, and what they mean for a caller.
/// </summary>
public static class ApiErrors
{
    /// <summary>The HTTP status of a failed API call; null when <paramref name="exception"/> is not one.</summary>
    /// <param name="exception">The exception.</param>
    public static HttpStatusCode? StatusCode(Exception exception) => exception switch
    {
        HttpOperationException http => http.Response?.StatusCode,
        KubernetesApiException api => api.StatusCode,
        _ => null,
    };

    /// <summary>The Status object the server sent with the error, if it sent one.</summary>
    /// <param name="exception">The exception.</param>
    public static V1Status? Status(Exception exception)
    {
        if (exception is KubernetesApiException api)
        {
            return api.Status;
        }

        if (exception is not HttpOperationException { Response.Content: { Length: > 0 } body })
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The server's message, or the exception's when there is none.</summary>
    /// <param name="exception">The exception.</param>
    public static string Message(Exception exception) => Status(exception)?.Message is { Length: > 0 } message ? message : exception.Message;

    /// <summary>404: the object does not exist (any more).</summary>
    /// <param name="exception">The exception.</param>
    public static bool IsNotFound(Exception exception) => StatusCode(exception) == HttpStatusCode.NotFound;

    /// <summary>409, or 422 from a JSON Patch <c>test</c> that failed: the object changed since it was read; re-read and retry.</summary>
    /// <param name="exception">The exception.</param>
    public static bool IsConflict(Exception exception) => StatusCode(exception) is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity;

    /// <summary>429: the server refuses for now (an eviction that a PodDisruptionBudget blocks, or throttling).</summary>
    /// <param name="exception">The exception.</param>
    public static bool IsTooManyRequests(Exception exception) => StatusCode(exception) == HttpStatusCode.TooManyRequests;

    /// <summary>403: forbidden (RBAC, or a namespace that is terminating).</summary>
    /// <param name="exception">The exception.</param>
    public static bool IsForbidden(Exception exception) => StatusCode(exception) == HttpStatusCode.Forbidden;

    /// <summary>A server-side or transport failure worth retrying later: 5xx, 429 without a budget, a timeout, a reset connection.</summary>
    /// <param name="exception">The exception.</param>
    public static bool IsTransient(Exception exception) => StatusCode(exception) switch
    {
        null => exception is HttpRequestException or IOException or TimeoutException or TaskCanceledException,
        var code => (int)code.Value >= 500 || code == HttpStatusCode.TooManyRequests,
    };

    /// <summary>The Retry-After the server asked for (header, or the Status details' retryAfterSeconds).</summary>
    /// <param name="exception">The exception.</param>
    public static TimeSpan? RetryAfter(Exception exception)
    {
        if (exception is HttpOperationException { Response.Headers: { } headers }
            && headers.TryGetValue("Retry-After", out var values)
            && values.FirstOrDefault() is { } text
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return Status(exception)?.Details?.RetryAfterSeconds is int detail and > 0 ? TimeSpan.FromSeconds(detail) : null;
    }
}
