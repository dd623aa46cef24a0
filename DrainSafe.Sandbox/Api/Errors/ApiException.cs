namespace DrainSafe.Sandbox.Api.Errors;

/// <summary>A request failed the way a real API server fails it; <see cref="Status"/> is the answer body.</summary>
public sealed class ApiException : Exception
{
    /// <summary>Creates the exception for a Status.</summary>
    public ApiException(ApiStatus status)
        : base(status.Message)
    {
        Status = status;
    }

    /// <summary>The Status the server answers.</summary>
    public ApiStatus Status { get; }

    /// <summary>The HTTP status code of <see cref="Status"/>.</summary>
    public int Code => Status.Code;

    /// <summary>The Status reason (NotFound, Conflict, ...).</summary>
    public string Reason => Status.Reason;
}
