namespace DrainSafe.Sandbox.Imds;

/// <summary>Facts about <see cref="DocumentShape"/>.</summary>
internal static class DocumentShapes
{
    public const int Count = 3;

    public static DocumentShape ForApiVersion(string apiVersion) =>
        string.CompareOrdinal(apiVersion, "2020-07-01") >= 0 ? DocumentShape.Full
        : string.CompareOrdinal(apiVersion, "2019-08-01") >= 0 ? DocumentShape.WithoutDuration
        : DocumentShape.WithoutDurationAndSource;
}
