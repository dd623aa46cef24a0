using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace DrainSafe.Agent.Metrics;

/// <summary>
/// Listens to one meter's counters and writes their totals in the Prometheus text format (version 0.0.4). Small on
/// purpose: the agent will be NativeAOT, and it has only counters.
/// </summary>
public sealed class PrometheusTextExporter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> totals = new();
    private readonly ConcurrentDictionary<string, string> help = new();

    /// <summary>Starts listening to the counters of <paramref name="metrics"/>' meter.</summary>
    public PrometheusTextExporter(AgentMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meter = metrics.Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                help[instrument.Name] = instrument.Description ?? instrument.Name;
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            totals.AddOrUpdate((instrument.Name, Labels(tags)), value, (_, total) => total + value));
        listener.Start();
    }

    /// <summary>The current totals in Prometheus text format.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, description) in help.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(description).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            var series = totals.Where(t => t.Key.Name == name).OrderBy(t => t.Key.Labels, StringComparer.Ordinal).ToList();
            if (series.Count == 0)
            {
                text.Append(name).Append(" 0\n");
            }

            foreach (var ((_, labels), value) in series)
            {
                text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }
}
