using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.Selection;

/// <summary>A parsed label selector (<c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>) matched against stored labels.</summary>
public sealed class LabelSelector
{
    /// <summary>The selector that matches everything.</summary>
    public static readonly LabelSelector Everything = new([]);

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements)
    {
        _requirements = requirements;
    }

    /// <summary>True when the selector has no requirement.</summary>
    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses a selector string; throws a 400 BadRequest <see cref="ApiException"/> when it is malformed.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>True when the labels satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw Invalid(whole, "empty requirement");
        }

        if (part.StartsWith('!'))
        {
            return new Requirement(CheckKey(part[1..].Trim(), whole), Operator.DoesNotExist, []);
        }

        var notEquals = part.IndexOf("!=", StringComparison.Ordinal);
        if (notEquals > 0)
        {
            return new Requirement(CheckKey(part[..notEquals].Trim(), whole), Operator.NotEquals, [part[(notEquals + 2)..].Trim()]);
        }

        var doubleEquals = part.IndexOf("==", StringComparison.Ordinal);
        if (doubleEquals > 0)
        {
            return new Requirement(CheckKey(part[..doubleEquals].Trim(), whole), Operator.Equals, [part[(doubleEquals + 2)..].Trim()]);
        }

        var equals = part.IndexOf('=');
        if (equals > 0)
        {
            return new Requirement(CheckKey(part[..equals].Trim(), whole), Operator.Equals, [part[(equals + 1)..].Trim()]);
        }

        var open = part.IndexOf('(');
        if (open > 0)
        {
            if (!part.EndsWith(')'))
            {
                throw Invalid(whole, $"missing ')' in \"{part}\"");
            }

            var head = part[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length != 2)
            {
                throw Invalid(whole, $"expected \"<key> in (...)\" or \"<key> notin (...)\", found \"{part}\"");
            }

            var op = head[1] switch
            {
                "in" => Operator.In,
                "notin" => Operator.NotIn,
                _ => throw Invalid(whole, $"unknown operator \"{head[1]}\""),
            };
            var values = part[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToArray();
            return new Requirement(CheckKey(head[0], whole), op, values);
        }

        return new Requirement(CheckKey(part, whole), Operator.Exists, []);
    }

    private static string CheckKey(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '=' or ','))
        {
            throw Invalid(whole, $"invalid label key \"{key}\"");
        }

        return key;
    }

    private static ApiException Invalid(string whole, string why) =>
        new(new ApiStatus(400, "BadRequest", $"unable to parse requirement: {why} in label selector \"{whole}\""));

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, string[] Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Op switch
            {
                Operator.Equals => has && value == Values[0],
                Operator.NotEquals => !has || value != Values[0],
                Operator.In => has && Values.Contains(value),
                Operator.NotIn => !has || !Values.Contains(value),
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                _ => false,
            };
        }
    }
}
