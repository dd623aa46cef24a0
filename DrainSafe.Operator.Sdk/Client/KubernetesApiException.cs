using System.Net;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Client;

/// <summary>A request that the runtime sent over its own HTTP path (list, watch) was answered with an error.</summary>
public sealed class KubernetesApiException : Exception
{
    /// <summary>Creates the exception for an error answer.</summary>
    /// <param name="statusCode">The HTTP status, or the Status object's code for a watch ERROR event.</param>
    /// <param name="status">The Status object the server returned, if it returned one.</param>
    /// <param name="message">What was asked and what came back.</param>
    public KubernetesApiException(HttpStatusCode statusCode, V1Status? status, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>The HTTP status (or the Status object's code).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status object the server returned, if any.</summary>
    public V1Status? Status { get; }

    /// <summary>True for 410 Gone / Expired: the resource version is too old and the caller must relist.</summary>
    public bool IsExpired => StatusCode == HttpStatusCode.Gone;
}
