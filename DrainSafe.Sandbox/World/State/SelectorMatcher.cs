using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>
/// A structured <c>metav1.LabelSelector</c> (matchLabels and matchExpressions). An empty selector matches every
/// object; <see cref="Nothing"/> (a missing selector) matches none.
/// </summary>
internal sealed class SelectorMatcher
{
    public static readonly SelectorMatcher Nothing = new(JsonFields.EmptyMap, [], matchesNothing: true);

    private readonly IReadOnlyDictionary<string, string> _matchLabels;
    private readonly IReadOnlyList<(string Key, string Operator, string[] Values)> _expressions;
    private readonly bool _matchesNothing;

    private SelectorMatcher(IReadOnlyDictionary<string, string> matchLabels,
        IReadOnlyList<(string Key, string Operator, string[] Values)> expressions, bool matchesNothing)
    {
        _matchLabels = matchLabels;
        _expressions = expressions;
        _matchesNothing = matchesNothing;
    }

    /// <summary>Reads the selector at <paramref name="path"/>; a missing one matches nothing.</summary>
    public static SelectorMatcher Read(JsonElement root, params ReadOnlySpan<string> path)
    {
        if (JsonFields.Find(root, path) is not { ValueKind: JsonValueKind.Object } selector)
        {
            return Nothing;
        }

        var expressions = JsonFields.Array(selector, "matchExpressions")
            .Select(e => (
                JsonFields.String(e, "key") ?? string.Empty,
                JsonFields.String(e, "operator") ?? "In",
                JsonFields.Array(e, "values").Select(v => v.GetString() ?? string.Empty).ToArray()))
            .ToList();
        return new SelectorMatcher(JsonFields.StringMap(selector, "matchLabels"), expressions, matchesNothing: false);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        foreach (var (key, value) in _matchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var (key, op, values) in _expressions)
        {
            var present = labels.TryGetValue(key, out var actual);
            var ok = op switch
            {
                "In" => present && values.Contains(actual),
                "NotIn" => !present || !values.Contains(actual),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
