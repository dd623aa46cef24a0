using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// Prints values the way Go's fmt prints them in apimachinery field errors (%q for strings, %v for numbers,
/// %#v for maps and lists), so messages read like the real API server's.
/// </summary>
internal static class GoValueFormatter
{
    /// <summary>The value part of "Invalid value: X" (ErrorBody's rules).</summary>
    public static string Format(object? value) => value switch
    {
        null => Quote("null"),
        string text => Quote(text),
        bool flag => flag ? "true" : "false",
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number => FormatFloat(number),
        JsonNode node => FormatNode(node, sharp: false),
        GoLiteral literal => literal.Text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>A JSON value as the API server's decoder would hold it, printed by ErrorBody.</summary>
    public static string FormatNode(JsonNode? node, bool sharp)
    {
        switch (node)
        {
            case null:
                return sharp ? "interface {}(nil)" : Quote("null");
            case JsonObject obj:
                var entries = obj.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                    .Select(pair => $"{Quote(pair.Key)}:{FormatNode(pair.Value, sharp: true)}");
                return "map[string]interface {}{" + string.Join(", ", entries) + "}";
            case JsonArray array:
                return "[]interface {}{" + string.Join(", ", array.Select(item => FormatNode(item, sharp: true))) + "}";
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        return Quote(value.GetValue<string>());
                    case JsonValueKind.True:
                        return "true";
                    case JsonValueKind.False:
                        return "false";
                    case JsonValueKind.Number:
                        return JsonValues.TryGetInt64(value, out var whole)
                            ? whole.ToString(CultureInfo.InvariantCulture)
                            : FormatFloat(JsonValues.ToDouble(value));
                    default:
                        return Quote("null");
                }

            default:
                return string.Empty;
        }
    }

    /// <summary>Go's strconv.Quote: double quotes, backslash escapes, printable Unicode kept.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                             or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
                    {
                        builder.Append(rune.Value > 0xffff
                            ? $"\\U{rune.Value:x8}"
                            : $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Go's %v for float64 (%g with the shortest digits): exponent form below 1e-4 or from 1e6 up.</summary>
    public static string FormatFloat(double number)
    {
        if (double.IsNaN(number))
        {
            return "NaN";
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? "+Inf" : "-Inf";
        }

        if (number == 0)
        {
            return "0";
        }

        var sign = number < 0 ? "-" : string.Empty;
        var parts = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture).Split('E');
        var exponent10 = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var mantissa = parts[0].Split('.');
        var allDigits = mantissa[0] + (mantissa.Length > 1 ? mantissa[1] : string.Empty);
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.Trim('0');
        var decimalPoint = mantissa[0].Length + exponent10 - leadingZeros;
        var exponent = decimalPoint - 1;
        if (exponent < -4 || exponent >= 6)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            var expSign = exponent < 0 ? "-" : "+";
            return $"{sign}{digits[0]}{fraction}e{expSign}{Math.Abs(exponent):00}";
        }

        if (decimalPoint <= 0)
        {
            return $"{sign}0.{new string('0', -decimalPoint)}{digits}";
        }

        return decimalPoint >= digits.Length
            ? sign + digits + new string('0', decimalPoint - digits.Length)
            : $"{sign}{digits[..decimalPoint]}.{digits[decimalPoint..]}";
    }
}
