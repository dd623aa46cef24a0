using System.Globalization;

namespace DrainSafe.Operator.Tests.EndToEnd.Soak;

/// <summary>
/// How long the soak plays and with which seed. CI runs the short form; the long form is the same test with
/// <c>DRAINSAFE_SOAK_MINUTES=30</c>; <c>DRAINSAFE_SOAK_SEED</c> replays a seed; <c>DRAINSAFE_SOAK_REPORT</c> names a
/// file the figures are appended to.
/// </summary>
internal sealed record SoakSettings(TimeSpan Duration, int Seed, string? ReportPath)
{
    public const string MinutesVariable = "DRAINSAFE_SOAK_MINUTES";
    public const string SeedVariable = "DRAINSAFE_SOAK_SEED";
    public const string ReportVariable = "DRAINSAFE_SOAK_REPORT";

    /// <summary>The short form's time of random events and faults (the run then settles).</summary>
    public static readonly TimeSpan ShortDuration = TimeSpan.FromSeconds(15);

    public static SoakSettings FromEnvironment()
    {
        var minutes = Environment.GetEnvironmentVariable(MinutesVariable);
        var seed = Environment.GetEnvironmentVariable(SeedVariable);
        return new SoakSettings(
            string.IsNullOrWhiteSpace(minutes) ? ShortDuration : TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture)),
            string.IsNullOrWhiteSpace(seed) ? Random.Shared.Next() : int.Parse(seed, CultureInfo.InvariantCulture),
            Environment.GetEnvironmentVariable(ReportVariable));
    }

    public string ReplayCommand =>
        $"{SeedVariable}={Seed}{(Duration == ShortDuration ? string.Empty : FormattableString.Invariant($" {MinutesVariable}={Duration.TotalMinutes}"))} "
        + "dotnet test test/DrainSafe.Operator.Tests --filter FullyQualifiedName~SoakTests";
}
