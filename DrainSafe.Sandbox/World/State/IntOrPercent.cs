using System.Globalization;
using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>An <c>intstr.IntOrString</c> such as a PDB's minAvailable: an integer, or a percentage like "25%".</summary>
internal readonly record struct IntOrPercent(int Value, bool IsPercent)
{
    public static IntOrPercent? Read(JsonElement root, params ReadOnlySpan<string> path) => JsonFields.Find(root, path) switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value) => new IntOrPercent(value, false),
        { ValueKind: JsonValueKind.String } text => Parse(text.GetString()!),
        _ => null,
    };

    public static IntOrPercent? Parse(string text)
    {
        if (text.EndsWith('%') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return new IntOrPercent(percent, true);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? new IntOrPercent(value, false) : null;
    }

    /// <summary>The value against a total; a percentage rounds up when <paramref name="roundUp"/> (as PDBs do).</summary>
    public int Scaled(int total, bool roundUp)
    {
        if (!IsPercent)
        {
            return Value;
        }

        var exact = (double)Value * total / 100;
        return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
    }

    public override string ToString() => IsPercent ? $"{Value}%" : Value.ToString(CultureInfo.InvariantCulture);
}
