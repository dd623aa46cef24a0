namespace DrainSafe.Agent.Kubernetes;

/// <summary>The watch's resourceVersion is too old (410 Gone): list again and watch from the list's version.</summary>
public sealed class WatchExpiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WatchExpiredException()
        : base("The watch's resourceVersion is too old (410 Gone); list again.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WatchExpiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WatchExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
