using System.Text;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// A rule's <c>fieldPath</c> (<c>.spec.nodeName</c>, <c>.labels['a.b']</c>) checked against the schema of the
/// node the rule sits on and turned into the relative field path its errors report.
/// </summary>
internal static class RuleFieldPath
{
    /// <summary>The normalized path, or null when it does not name a field of <paramref name="schema"/>.</summary>
    public static string? Normalize(string fieldPath, SchemaNode schema)
    {
        var path = FieldPath.Root;
        var node = schema;
        var position = 0;
        while (position < fieldPath.Length)
        {
            string name;
            if (fieldPath[position] == '.')
            {
                var end = position + 1;
                while (end < fieldPath.Length && fieldPath[end] is not ('.' or '['))
                {
                    end++;
                }

                name = fieldPath[(position + 1)..end];
                position = end;
            }
            else if (fieldPath[position] == '[' && position + 1 < fieldPath.Length && fieldPath[position + 1] == '\'')
            {
                var quoted = ReadQuoted(fieldPath, position + 2, out var end);
                if (quoted is null || end >= fieldPath.Length || fieldPath[end] != ']')
                {
                    return null;
                }

                name = quoted;
                position = end + 1;
            }
            else
            {
                return null;
            }

            if (name.Length == 0)
            {
                return null;
            }

            if (node.Properties.Count > 0)
            {
                if (!node.Properties.TryGetValue(name, out var property))
                {
                    return null;
                }

                path = path.Child(name);
                node = property;
            }
            else if (node.AdditionalProperties is { } additional)
            {
                path = path.Key(name);
                node = additional;
            }
            else
            {
                return null;
            }
        }

        return path.IsRoot ? null : path.Value;
    }

    private static string? ReadQuoted(string text, int start, out int end)
    {
        var builder = new StringBuilder();
        for (end = start; end < text.Length; end++)
        {
            var c = text[end];
            if (c == '\\' && end + 1 < text.Length)
            {
                end++;
                builder.Append(text[end] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else if (c == '\'')
            {
                end++;
                return builder.ToString();
            }
            else
            {
                builder.Append(c);
            }
        }

        return null;
    }
}
