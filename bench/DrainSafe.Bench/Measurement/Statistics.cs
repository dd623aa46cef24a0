namespace DrainSafe.Bench.Measurement;

/// <summary>Order statistics of a sample of durations (nearest-rank percentiles, so p99 of 50 samples is the largest).</summary>
internal static class Statistics
{
    /// <summary>The median; the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = Sorted(values);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0 to 100).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = Sorted(values);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double[] Sorted(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? throw new ArgumentException("no samples", nameof(values)) : values.Order().ToArray();
}
