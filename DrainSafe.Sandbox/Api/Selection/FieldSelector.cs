using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.Selection;

/// <summary>A parsed field selector (<c>metadata.name=x,spec.nodeName!=y</c>).</summary>
public sealed class FieldSelector
{
    /// <summary>The selector that matches everything.</summary>
    public static readonly FieldSelector Everything = new([]);

    private FieldSelector(IReadOnlyList<FieldRequirement> requirements)
    {
        Requirements = requirements;
    }

    /// <summary>The requirements, all of which must hold.</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>True when the selector has no requirement.</summary>
    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Parses a selector; fields outside <paramref name="supportedFields"/> are a 400 BadRequest.</summary>
    public static FieldSelector Parse(string? text, Func<string, bool> supportedFields)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var raw in SplitUnescaped(text, ','))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var (field, value, negate) = SplitOperator(part, text);
            if (!supportedFields(field))
            {
                throw new ApiException(new ApiStatus(400, "BadRequest", $"field label not supported: {field}"));
            }

            requirements.Add(new FieldRequirement(field, Unescape(value), negate));
        }

        return new FieldSelector(requirements);
    }

    /// <summary>The value a requirement demands with <c>=</c>, if the selector has one for the field.</summary>
    public string? EqualityValue(string field) =>
        Requirements.FirstOrDefault(r => r.Field == field && !r.Negate)?.Value;

    /// <summary>True when every requirement holds for the object's field values.</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        foreach (var requirement in Requirements)
        {
            var actual = fieldValue(requirement.Field) ?? string.Empty;
            if ((actual == requirement.Value) == requirement.Negate)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Field, string Value, bool Negate) SplitOperator(string part, string whole)
    {
        var notEquals = part.IndexOf("!=", StringComparison.Ordinal);
        if (notEquals > 0)
        {
            return (part[..notEquals].Trim(), part[(notEquals + 2)..].Trim(), true);
        }

        var doubleEquals = part.IndexOf("==", StringComparison.Ordinal);
        if (doubleEquals > 0)
        {
            return (part[..doubleEquals].Trim(), part[(doubleEquals + 2)..].Trim(), false);
        }

        var equals = part.IndexOf('=');
        if (equals > 0)
        {
            return (part[..equals].Trim(), part[(equals + 1)..].Trim(), false);
        }

        throw new ApiException(new ApiStatus(400, "BadRequest",
            $"invalid selector: '{whole}'; can't understand '{part}'"));
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Unescape(string value) =>
        value.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\=", "=", StringComparison.Ordinal)
            .Replace("\\\\", "\\", StringComparison.Ordinal);
}
