using System.Globalization;
using DrainSafe.Sandbox.Scenarios.Playback;

namespace DrainSafe.Sandbox.Demo;

/// <summary>Writes the end of a run: per node and event what DrainSafe did (or would have done) and each expectation.</summary>
internal static class SummaryWriter
{
    public const string WithoutDrainSafe = "n/a without DrainSafe";

    /// <summary>Per node and event, the figures with DrainSafe beside those of the same scenario without it.</summary>
    public static void WriteComparison(TextWriter output, ScenarioReport with, ScenarioReport without)
    {
        output.WriteLine();
        output.WriteLine("With and without DrainSafe (same scenario)");
        output.WriteLine("  NODE               EVENT        PODS KILLED (WITH / WITHOUT)   STARTED BEFORE NOTBEFORE (WITH / WITHOUT)   OUT OF SERVICE (WITH / WITHOUT)");
        foreach (var history in with.Histories.OrderBy(h => h.AnnouncedAt).ThenBy(h => h.NodeName, StringComparer.Ordinal))
        {
            var other = without.Histories.FirstOrDefault(h => h.NodeName == history.NodeName && h.StepId == history.StepId);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {history.NodeName,-18} {history.StepId,-12} {history.PodsKilled,4} / {(other is null ? "-" : other.PodsKilled.ToString(CultureInfo.InvariantCulture)),-24} {Early(history),8} / {(other is null ? "-" : Early(other)),-33} {OutOfService(history),8} / {(other is null ? "-" : OutOfService(other))}"));
        }
    }

    private static string Early(NodeEventHistory history) =>
        history.StartedBeforeNotBefore is { } early
            ? string.Create(CultureInfo.InvariantCulture, $"{early.TotalSeconds:0.0} s")
            : "-";

    private static string OutOfService(NodeEventHistory history) =>
        history is { OutOfServiceAt: { } from, BackInServiceAt: { } to }
            ? string.Create(CultureInfo.InvariantCulture, $"{(to - from).TotalSeconds:0.0} s")
            : "-";

    public static void Write(TextWriter output, ScenarioReport report)
    {
        var drainSafe = report.Options.DrainSafeRunning;
        output.WriteLine();
        output.WriteLine(drainSafe ? "Summary" : "Summary (WITHOUT DrainSafe: nothing cordoned, drained or approved; Azure's maintenance hit running pods)");
        if (report.Histories.Count == 0)
        {
            output.WriteLine("  no event listed a node of the cluster");
        }

        foreach (var history in report.Histories.OrderBy(h => h.AnnouncedAt).ThenBy(h => h.NodeName, StringComparer.Ordinal))
        {
            var start = report.TimelineStartedAt;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {history.NodeName} ({history.VmName}): {history.EventType} '{history.StepId}', announced {Offset(history.AnnouncedAt, start)}, {Course(history, start)}"));
            Line(output, "time to cordon", history.CordonedAt is { } cordoned
                ? After(cordoned, history.AnnouncedAt)
                : history.WasCordonedBefore ? "already cordoned by an administrator" : Missing(drainSafe, history));
            Line(output, "time to drain", history.DrainedAt is { } drained ? After(drained, history.AnnouncedAt) : Missing(drainSafe, history));
            Line(output, "pods evicted", history.PodsEvicted > 0 || drainSafe ? history.PodsEvicted.ToString(CultureInfo.InvariantCulture) : WithoutDrainSafe);
            Line(output, "PDB waits", history.PdbWaits > 0 || drainSafe
                ? history.PdbWaits.ToString(CultureInfo.InvariantCulture) + (history.BlockedBy.Count > 0 ? " (blocked by " + string.Join(", ", history.BlockedBy) + ")" : string.Empty)
                : WithoutDrainSafe);
            Line(output, "approval", history.ApprovedAt is { } approved
                ? After(approved, history.AnnouncedAt)
                : drainSafe ? "not approved" : $"{WithoutDrainSafe} ({(history.Cancelled ? "the event was withdrawn" : history.AppearedStarted ? "the event appeared already Started" : "the event started at NotBefore")})");
            Line(output, "pods killed", history.Impact is null
                ? "none: the VM did not go down"
                : history.PodsKilled == 0 ? "none: no evictable pod was left on the VM" : string.Create(CultureInfo.InvariantCulture,
                    $"{history.PodsKilled} evictable pods still ran when the VM went down{(drainSafe ? string.Empty : " (nothing drained them)")}"));
            Line(output, "back in service", BackInService(history));
        }

        output.WriteLine();
        output.WriteLine("Expectations");
        foreach (var expectation in report.Expectations)
        {
            var tag = expectation.Outcome switch
            {
                ExpectationOutcome.Held => "[held]         ",
                ExpectationOutcome.Failed => "[FAILED]       ",
                _ => "[not evaluated]",
            };
            output.WriteLine($"  {tag} {expectation.Name}");
            output.WriteLine($"                  {expectation.Reason}");
        }

        if (report.Unsettled.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Note: the cluster had not settled at the end: " + string.Join("; ", report.Unsettled));
        }

        var held = report.Expectations.Count(e => e.Outcome == ExpectationOutcome.Held);
        var failed = report.Expectations.Count(e => e.Outcome == ExpectationOutcome.Failed);
        var skipped = report.Expectations.Count(e => e.Outcome == ExpectationOutcome.NotEvaluated);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Result: {held} held, {failed} failed, {skipped} not evaluated{(drainSafe ? string.Empty : " (DrainSafe was not running: --without-drainsafe)")}."));
    }

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"      {label,-16} {value}");

    private static string Missing(bool drainSafe, NodeEventHistory history) =>
        drainSafe ? (history.Cancelled ? "not needed: the event was withdrawn" : "never") : WithoutDrainSafe;

    private static string Course(NodeEventHistory history, DateTimeOffset start)
    {
        if (history.Cancelled)
        {
            return "withdrawn " + Offset(history.EndedAt!.Value, start);
        }

        var parts = new List<string>();
        if (history.StartedAt is { } started)
        {
            parts.Add("started " + Offset(started, start));
        }

        if (history.EndedAt is { } ended)
        {
            parts.Add("over " + Offset(ended, start));
        }

        return parts.Count == 0 ? "still pending at the end" : string.Join(", ", parts);
    }

    private static string BackInService(NodeEventHistory history)
    {
        if (history.DeletedAt is not null)
        {
            return "never: the VM was deleted with its node";
        }

        if (history.OutOfServiceAt is not { } left)
        {
            return "never left service";
        }

        return history.BackInServiceAt is { } back
            ? string.Create(CultureInfo.InvariantCulture, $"{(back - left).TotalSeconds:0.0} s after it left service")
            : "not back by the end";
    }

    private static string Offset(DateTimeOffset at, DateTimeOffset start) =>
        string.Create(CultureInfo.InvariantCulture, $"+{(at - start).TotalSeconds:0.0}s");

    private static string After(DateTimeOffset at, DateTimeOffset from) =>
        string.Create(CultureInfo.InvariantCulture, $"{(at - from).TotalSeconds:0.0} s after the announcement");
}
