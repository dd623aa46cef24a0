using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DrainSafe.Entities.Serialization;

/// <summary>
/// Reads and writes an enum by member name, reading any value it does not know (a new Azure event
/// type, a number, a name from a newer DrainSafe) as the member <c>Unknown</c> instead of failing.
/// </summary>
/// <remarks>
/// Apply it on each property (<c>[JsonConverter(typeof(UnknownTolerantEnumConverter&lt;T&gt;))]</c>):
/// KubernetesClient's serializer registers a string-enum converter for every enum, and a converter in
/// the options wins over one on the enum type, so only a property-level attribute takes effect.
/// The converter cannot keep the unrecognised text; whoever maps outside data (the agent, from IMDS)
/// uses <see cref="TryParse"/> and records the raw value itself (see <see cref="ScheduledEvent.FromImds"/>).
/// </remarks>
/// <typeparam name="TEnum">An enum with a member named <c>Unknown</c> whose value is 0.</typeparam>
public sealed class UnknownTolerantEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, TEnum> ByName = Enum.GetValues<TEnum>()
        .ToFrozenDictionary(value => value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<TEnum, string> NameOf = Enum.GetValues<TEnum>()
        .ToFrozenDictionary(value => value, value => value.ToString());

    static UnknownTolerantEnumConverter()
    {
        // A misdeclared enum must fail loudly at first use, not map unknown values to a real member.
        if (!ByName.TryGetValue("Unknown", out var unknown) || !EqualityComparer<TEnum>.Default.Equals(unknown, default))
        {
            throw new InvalidOperationException(
                $"{typeof(TEnum).FullName} must declare a member 'Unknown = 0' to be read with {nameof(UnknownTolerantEnumConverter<TEnum>)}.");
        }
    }

    /// <summary>The member that stands for any value this version does not know.</summary>
    public static TEnum Unknown => default;

    /// <summary>
    /// Maps a member name (any letter case) to the member. Numbers and unknown names give false and
    /// <see cref="Unknown"/>.
    /// </summary>
    /// <param name="text">The text to map, e.g. <c>Reboot</c>.</param>
    /// <param name="value">The member, or <see cref="Unknown"/>.</param>
    /// <returns>True when <paramref name="text"/> names a member other than <c>Unknown</c>.</returns>
    public static bool TryParse(string? text, out TEnum value)
    {
        if (text is not null && ByName.TryGetValue(text.Trim(), out value) && !EqualityComparer<TEnum>.Default.Equals(value, Unknown))
        {
            return true;
        }

        value = Unknown;
        return false;
    }

    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            TryParse(reader.GetString(), out var value);
            return value;
        }

        // Objects and arrays must be consumed whole so the reader stays in step.
        reader.Skip();
        return Unknown;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(NameOf.TryGetValue(value, out var name) ? name : NameOf[Unknown]);
    }
}
