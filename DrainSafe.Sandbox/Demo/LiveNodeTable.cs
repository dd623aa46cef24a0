using System.Globalization;
using DrainSafe.Sandbox.Scenarios.Playback;

namespace DrainSafe.Sandbox.Demo;

/// <summary>
/// Prints node rows as they change, like <c>kubectl get nodes -w</c>: one line per change, never rewriting the
/// screen, so it reads the same in a terminal and in a log.
/// </summary>
internal sealed class LiveNodeTable(TextWriter output, int nodeColumnWidth, Func<string, bool> shown, bool maintenanceColumns)
{
    private readonly Lock _gate = new();
    private bool _headerWritten;

    public void Write(NodeChange change)
    {
        if (!shown(change.Node.Name))
        {
            return;
        }

        lock (_gate)
        {
            if (!_headerWritten)
            {
                output.WriteLine(Row("TIME", "NODE", "STATUS", "PODS", "EVENT", "NOT BEFORE", "STATE", "PODS LEFT", "BLOCKED BY", "WHAT HAPPENED"));
                _headerWritten = true;
            }

            var node = change.Node;
            output.WriteLine(Row(
                string.Create(CultureInfo.InvariantCulture, $"+{change.Elapsed.TotalSeconds:0.0}s"),
                node.Name,
                Status(node),
                node.Exists ? node.Pods.ToString(CultureInfo.InvariantCulture) : "-",
                node.EventType is null ? "-" : $"{node.EventType} {node.EventStatus}",
                NotBefore(node, change.At),
                node.Maintenance?.State ?? "-",
                node.Maintenance?.PodsLeft?.ToString(CultureInfo.InvariantCulture) ?? "-",
                node.Maintenance?.BlockedBy ?? "-",
                change.Happened));
            output.Flush();
        }
    }

    public static string Status(NodeView node)
    {
        if (!node.Exists)
        {
            return "Deleted";
        }

        var status = node.Ready ? "Ready" : "NotReady";
        return node.Unschedulable ? status + ",SchedulingDisabled" : status;
    }

    private static string NotBefore(NodeView node, DateTimeOffset now) => node.NotBefore is { } notBefore && node.EventStatus == "Scheduled"
        ? string.Create(CultureInfo.InvariantCulture, $"in {Math.Max(0, Math.Ceiling((notBefore - now).TotalSeconds)):0}s")
        : "-";

    private string Row(string time, string node, string status, string pods, string eventText, string notBefore,
        string state, string podsLeft, string blockedBy, string happened)
    {
        // DrainSafe's columns (kubectl get nm) only when DrainSafe runs: without it they would be all dashes.
        var maintenance = maintenanceColumns ? $"{state,-21} {podsLeft,-9} {blockedBy,-20} " : string.Empty;
        return $"{time,-8} {node.PadRight(nodeColumnWidth)} {status,-27} {pods,-5} {eventText,-19} {notBefore,-10} {maintenance}{happened}".TrimEnd();
    }
}
