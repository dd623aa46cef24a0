using System.Collections.Frozen;

namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>The api-version values the simulated IMDS accepts; anything else is answered 400 as Azure does.</summary>
internal static class ImdsApiVersions
{
    /// <summary>Scheduled Events versions (2019-01-01 added Terminate, 2019-08-01 EventSource, 2020-07-01 DurationInSeconds).</summary>
    public static FrozenSet<string> ScheduledEvents { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "2017-03-01", "2017-08-01", "2017-11-01", "2019-01-01", "2019-04-01", "2019-08-01", "2020-07-01");

    /// <summary>Instance metadata versions.</summary>
    public static FrozenSet<string> Instance { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "2017-03-01", "2017-04-02", "2017-08-01", "2017-10-01", "2017-12-01", "2018-02-01", "2018-04-02", "2018-10-01",
        "2019-02-01", "2019-03-11", "2019-04-30", "2019-06-01", "2019-06-04", "2019-08-01", "2019-08-15", "2019-11-01",
        "2020-06-01", "2020-07-15", "2020-09-01", "2020-10-01", "2020-12-01", "2021-01-01", "2021-02-01", "2021-03-01",
        "2021-05-01", "2021-10-01", "2021-11-01", "2021-11-15", "2021-12-13", "2023-07-01", "2023-11-15", "2024-03-15");

    /// <summary>The newest versions, named in the 400 answer like Azure's "newest-versions".</summary>
    public static IReadOnlyList<string> NewestScheduledEvents { get; } = ["2020-07-01", "2019-08-01", "2019-04-01"];

    /// <summary>The newest instance metadata versions.</summary>
    public static IReadOnlyList<string> NewestInstance { get; } = ["2024-03-15", "2023-11-15", "2023-07-01"];
}
