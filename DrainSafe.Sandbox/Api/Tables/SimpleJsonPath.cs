using System.Globalization;
using System.Text.Json;

namespace DrainSafe.Sandbox.Api.Tables;

/// <summary>
/// The simple JSONPath of printer columns: <c>.a.b</c>, <c>.a[0].b</c>, <c>.a[*].b</c>, <c>.a['x.y']</c>,
/// optionally wrapped in braces. Yields every match in document order.
/// </summary>
public static class SimpleJsonPath
{
    /// <summary>Every value the path selects from <paramref name="root"/>.</summary>
    public static List<JsonElement> Evaluate(JsonElement root, string path)
    {
        var current = new List<JsonElement> { root };
        foreach (var step in Parse(path))
        {
            var next = new List<JsonElement>();
            foreach (var element in current)
            {
                switch (step)
                {
                    case { Wildcard: true } when element.ValueKind == JsonValueKind.Array:
                        next.AddRange(element.EnumerateArray());
                        break;
                    case { Wildcard: true } when element.ValueKind == JsonValueKind.Object:
                        next.AddRange(element.EnumerateObject().Select(p => p.Value));
                        break;
                    case { Index: { } index } when element.ValueKind == JsonValueKind.Array:
                        var length = element.GetArrayLength();
                        var at = index < 0 ? length + index : index;
                        if (at >= 0 && at < length)
                        {
                            next.Add(element[at]);
                        }

                        break;
                    case { Name: { } name } when element.ValueKind == JsonValueKind.Object:
                        if (element.TryGetProperty(name, out var child))
                        {
                            next.Add(child);
                        }

                        break;
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>The first value the path selects, or null.</summary>
    public static JsonElement? First(JsonElement root, string path)
    {
        var all = Evaluate(root, path);
        return all.Count > 0 ? all[0] : null;
    }

    private static List<Step> Parse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '.':
                    i++;
                    var start = i;
                    var name = new System.Text.StringBuilder();
                    while (i < text.Length && text[i] != '.' && text[i] != '[')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            i++;
                        }

                        name.Append(text[i]);
                        i++;
                    }

                    if (i > start)
                    {
                        steps.Add(name.ToString() == "*" ? new Step(null, null, true) : new Step(name.ToString(), null, false));
                    }

                    break;
                case '[':
                    var close = text.IndexOf(']', i);
                    if (close < 0)
                    {
                        return steps;
                    }

                    var inner = text[(i + 1)..close].Trim();
                    i = close + 1;
                    if (inner == "*")
                    {
                        steps.Add(new Step(null, null, true));
                    }
                    else if (inner.Length >= 2 && inner[0] is '\'' or '"')
                    {
                        steps.Add(new Step(inner[1..^1], null, false));
                    }
                    else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                    {
                        steps.Add(new Step(null, index, false));
                    }

                    break;
                default:
                    var from = i;
                    while (i < text.Length && text[i] != '.' && text[i] != '[')
                    {
                        i++;
                    }

                    steps.Add(new Step(text[from..i], null, false));
                    break;
            }
        }

        return steps;
    }

    private sealed record Step(string? Name, int? Index, bool Wildcard);
}
