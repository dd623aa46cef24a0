namespace DrainSafe.Operator.Drain;

/// <summary>
/// An equality-based label selector (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>, comma-separated) as in
/// <c>kubectl -l</c>; every requirement must hold.
/// </summary>
public sealed class PodLabelSelector
{
    private readonly List<(string Key, string? Value, bool Negated)> requirements;

    private PodLabelSelector(List<(string Key, string? Value, bool Negated)> requirements) => this.requirements = requirements;

    /// <summary>Parses <paramref name="text"/>; false when a requirement is malformed.</summary>
    /// <param name="text">The selector.</param>
    /// <param name="selector">The parsed selector.</param>
    public static bool TryParse(string text, out PodLabelSelector selector)
    {
        selector = new PodLabelSelector([]);
        var parts = new List<(string, string?, bool)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                return false;
            }

            string key;
            string? value = null;
            var negated = false;
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var i = raw.IndexOf("!=", StringComparison.Ordinal);
                (key, value, negated) = (raw[..i].Trim(), raw[(i + 2)..].Trim(), true);
            }
            else if (raw.Contains('='))
            {
                var i = raw.IndexOf('=');
                var rest = raw[(i + 1)..];
                (key, value) = (raw[..i].Trim(), (rest.StartsWith('=') ? rest[1..] : rest).Trim());
            }
            else if (raw.StartsWith('!'))
            {
                (key, negated) = (raw[1..].Trim(), true);
            }
            else
            {
                key = raw;
            }

            if (key.Length == 0 || key.Any(char.IsWhiteSpace) || (value is not null && value.Any(c => char.IsWhiteSpace(c) || c is '=' or '!')))
            {
                return false;
            }

            parts.Add((key, value, negated));
        }

        selector = new PodLabelSelector(parts);
        return true;
    }

    /// <summary>True when every requirement holds for <paramref name="labels"/>.</summary>
    /// <param name="labels">The object's labels; null for none.</param>
    public bool Matches(IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value, negated) in requirements)
        {
            var has = labels.TryGetValue(key, out var actual);
            var holds = value is null ? has : has && actual == value;
            if (holds == negated)
            {
                return false;
            }
        }

        return true;
    }
}
