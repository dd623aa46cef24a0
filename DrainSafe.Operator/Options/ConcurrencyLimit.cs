using System.Globalization;

namespace DrainSafe.Operator.Options;

/// <summary>A limit given as a count (<c>3</c>) or a percentage (<c>10%</c>) of a total, as Kubernetes' IntOrString.</summary>
public static class ConcurrencyLimit
{
    /// <summary>Reads <paramref name="text"/>; false when it is neither a positive count nor a percentage in (0, 100].</summary>
    /// <param name="text">The setting's text.</param>
    /// <param name="count">The count, when it is one.</param>
    /// <param name="percent">The percentage, when it is one.</param>
    public static bool TryParse(string text, out int? count, out double? percent)
    {
        count = null;
        percent = null;
        var trimmed = text.Trim();
        if (trimmed.EndsWith('%'))
        {
            if (double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0 && p <= 100)
            {
                percent = p;
                return true;
            }

            return false;
        }

        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0)
        {
            count = c;
            return true;
        }

        return false;
    }

    /// <summary>The most nodes allowed at once out of <paramref name="totalNodes"/>; null for no limit. A percentage rounds up, to at least 1.</summary>
    /// <param name="text">The setting; null or empty for no limit.</param>
    /// <param name="totalNodes">The cluster's nodes.</param>
    public static int? Resolve(string? text, int totalNodes)
    {
        if (string.IsNullOrWhiteSpace(text) || !TryParse(text, out var count, out var percent))
        {
            return null;
        }

        // Decimal arithmetic: 16.1 % of 1000 is exactly 161, where doubles make it 161.00000000000003 and round up.
        return count ?? Math.Max(1, (int)Math.Ceiling(totalNodes * (decimal)percent!.Value / 100m));
    }
}
