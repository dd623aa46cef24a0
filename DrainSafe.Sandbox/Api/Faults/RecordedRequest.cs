namespace DrainSafe.Sandbox.Api.Faults;

/// <summary>One request the server answered.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query.</param>
/// <param name="Query">Query string including the leading <c>?</c>, or empty.</param>
/// <param name="StatusCode">The HTTP status answered.</param>
/// <param name="IsWatch">True for a watch request.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, int StatusCode, bool IsWatch)
{
    /// <summary>True for POST, PUT, PATCH and DELETE.</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}{Query} {StatusCode}";
}
