namespace DrainSafe.Sandbox.Imds;

/// <summary>Which fields a document carries, by api-version: 2019-08-01 added EventSource, 2020-07-01 DurationInSeconds.</summary>
internal enum DocumentShape
{
    Full = 0,
    WithoutDuration = 1,
    WithoutDurationAndSource = 2,
}
