namespace DrainSafe.Sandbox.Imds;

/// <summary>What an injected fault makes one answer look like.</summary>
internal enum FaultKind
{
    /// <summary>An error status (500, 410, 429, ...) instead of the answer.</summary>
    Status,

    /// <summary>200 with an empty body (documents only).</summary>
    EmptyBody,

    /// <summary>200 with the document's JSON cut in the middle (documents only).</summary>
    TruncatedBody,

    /// <summary>200 with a body given by the test instead of the document (documents only).</summary>
    GivenBody,
}

/// <summary>One fault applied to one answer.</summary>
/// <param name="Kind">What the answer looks like.</param>
/// <param name="StatusCode">The status answered.</param>
/// <param name="Body">For <see cref="FaultKind.GivenBody"/>: the body.</param>
internal readonly record struct InjectedFault(FaultKind Kind, int StatusCode, byte[]? Body = null);
