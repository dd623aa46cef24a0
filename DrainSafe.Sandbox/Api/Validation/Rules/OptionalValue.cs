namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>CEL's optional type, as <c>oldSelf</c> is bound for rules with optionalOldSelf.</summary>
internal sealed class OptionalValue
{
    private OptionalValue(bool hasValue, object? value)
    {
        HasValue = hasValue;
        Value = value;
    }

    public static OptionalValue None { get; } = new(false, null);

    public bool HasValue { get; }

    public object? Value { get; }

    public static OptionalValue Of(object? value) => new(true, value);
}
