using System.Text.RegularExpressions;
using Cel;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>A Cel package program, with its errors worded like cel-go's so rule failures read like the real server's.</summary>
internal sealed partial class CelNetRuleProgram(CelProgramDelegate program) : IRuleProgram
{
    public RuleEvaluation Evaluate(IRuleBinding binding, bool optionalOldSelf)
    {
        var bound = (CelNetRuleBinding)binding;
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = bound.Self };
        if (optionalOldSelf)
        {
            variables["oldSelf"] = bound.HasOldSelf ? OptionalValue.Of(bound.OldSelf) : OptionalValue.None;
        }
        else if (bound.HasOldSelf)
        {
            variables["oldSelf"] = bound.OldSelf;
        }

        return Evaluate(variables);
    }

    /// <summary>Evaluates with the given variables (an activation of any CEL environment).</summary>
    public RuleEvaluation Evaluate(IReadOnlyDictionary<string, object?> variables)
    {
        try
        {
            var value = program(variables.ToDictionary(StringComparer.Ordinal));
            return value?.GetType().Name == "CelNoSuchField"
                ? RuleEvaluation.Failed($"no such key: {FieldName(value.ToString() ?? string.Empty)}")
                : new RuleEvaluation(value, null);
        }
        catch (Exception e)
        {
            return RuleEvaluation.Failed(Describe(e));
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        Cel.CelNoSuchFieldException => $"no such key: {FieldName(exception.Message)}",
        Cel.CelNoSuchOverloadException => $"no such overload: {exception.Message}",
        Cel.CelDivideByZeroException => "division by zero",
        Cel.CelModulusByZeroException => "modulus by zero",
        Cel.CelOverflowException => "integer overflow",
        Cel.CelArgumentRangeException => "index out of bounds",
        Cel.CelUndeclaredReferenceException or Cel.CelUnboundFunctionException => $"no such overload: {exception.Message}",
        _ => exception.Message,
    };

    private static string FieldName(string message)
    {
        var match = QuotedField().Match(message);
        return match.Success ? match.Groups[1].Value : message;
    }

    [GeneratedRegex("field '([^']*)'")]
    private static partial Regex QuotedField();
}
