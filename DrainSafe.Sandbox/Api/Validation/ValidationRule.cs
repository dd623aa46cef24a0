using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>One entry of a schema node's <c>x-kubernetes-validations</c>.</summary>
internal sealed record ValidationRule(
    string Rule,
    string? Message,
    string? MessageExpression,
    string? Reason,
    string? FieldPath,
    bool? OptionalOldSelf)
{
    public static ValidationRule Parse(JsonObject entry) => new(
        JsonValues.StringOrNull(entry["rule"]) ?? string.Empty,
        JsonValues.StringOrNull(entry["message"]),
        JsonValues.StringOrNull(entry["messageExpression"]),
        JsonValues.StringOrNull(entry["reason"]),
        JsonValues.StringOrNull(entry["fieldPath"]),
        entry["optionalOldSelf"] is JsonValue flag && flag.TryGetValue<bool>(out var optional) ? optional : null);

    /// <summary>What a failed rule says when it has no message (ruleMessageOrDefault).</summary>
    public string DefaultMessage => string.IsNullOrEmpty(Message) ? $"failed rule: {ErrorString}" : Message.Trim();

    /// <summary>How evaluation errors name the rule (ruleErrorString).</summary>
    public string ErrorString => string.IsNullOrEmpty(Message) ? Rule.Trim() : Message.Trim();

    /// <summary>The rule printed with Go's %#v, as CRD validation errors show it.</summary>
    public string GoSyntax()
    {
        static string Pointer(string? value, string type) =>
            value is null ? $"({type})(nil)" : $"&{GoValueFormatter.Quote(value)}";

        var optional = OptionalOldSelf is { } flag ? $"&{(flag ? "true" : "false")}" : "(*bool)(nil)";
        return "apiextensions.ValidationRule{" +
               $"Rule:{GoValueFormatter.Quote(Rule)}, " +
               $"Message:{GoValueFormatter.Quote(Message ?? string.Empty)}, " +
               $"MessageExpression:{GoValueFormatter.Quote(MessageExpression ?? string.Empty)}, " +
               $"Reason:{Pointer(Reason, "*apiextensions.FieldValueErrorReason")}, " +
               $"FieldPath:{GoValueFormatter.Quote(FieldPath ?? string.Empty)}, " +
               $"OptionalOldSelf:{optional}}}";
    }
}
