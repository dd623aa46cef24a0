using System.Text.RegularExpressions;
using Cel;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// <see cref="IRuleEngine"/> on the Cel NuGet package (telus-oss/cel-net): its parser and evaluator, plus
/// <see cref="CelExpressionChecker"/> for the declaration checks cel-go makes at compile time.
/// </summary>
internal sealed partial class CelNetRuleEngine : IRuleEngine
{
    private readonly Lock _compileGate = new();
    private readonly CelEnvironment _environment;

    private CelNetRuleEngine()
    {
        _environment = new CelEnvironment(null, null);
        KubernetesCelFunctions.Register(_environment);
    }

    /// <summary>The shared engine; compiled programs are safe to evaluate concurrently.</summary>
    public static CelNetRuleEngine Instance { get; } = new();

    public RuleCompilation Compile(string expression) => Compile(expression, null);

    /// <summary>
    /// Compiles an expression of another CEL environment than x-kubernetes-validations (an admission policy's
    /// <c>object</c>, <c>request</c>, <c>variables</c>...): <paramref name="variables"/> are its declared variables.
    /// </summary>
    public RuleCompilation Compile(string expression, IReadOnlyCollection<string>? variables)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return new RuleCompilation(null, false, "ERROR: <input>:1:1: Syntax error: mismatched input '<EOF>'");
        }

        // The environment's parser and visitor are not documented as thread-safe; compiling is rare.
        lock (_compileGate)
        {
            Cel.Internal.CelParser.StartContext tree;
            try
            {
                tree = _environment.Parse(expression);
            }
            catch (Exception e) when (e is CelException or ArgumentException)
            {
                return new RuleCompilation(null, false, SyntaxError(expression, e.Message));
            }

            var (errors, usesOldSelf) = variables is null
                ? CelExpressionChecker.Check(tree, expression, KubernetesCelFunctions.GlobalFunctions, KubernetesCelFunctions.MemberFunctions)
                : CelExpressionChecker.Check(tree, expression, variables, KubernetesCelFunctions.GlobalFunctions, KubernetesCelFunctions.MemberFunctions);
            if (errors.Count > 0)
            {
                return new RuleCompilation(null, usesOldSelf, string.Join("\n", errors));
            }

            try
            {
                return new RuleCompilation(new CelNetRuleProgram(_environment.Compile(tree)), usesOldSelf, null);
            }
            catch (Exception e) when (e is CelException or ArgumentException or InvalidOperationException)
            {
                return new RuleCompilation(null, usesOldSelf, SyntaxError(expression, e.Message));
            }
        }
    }

    public IRuleBinding Bind(RuleScope scope) => new CelNetRuleBinding(
        CelValueConverter.ToCel(scope.Self, scope.Schema, scope.IsResourceRoot),
        scope.HasOldSelf,
        scope.HasOldSelf ? CelValueConverter.ToCel(scope.OldSelf, scope.Schema, scope.IsResourceRoot) : null);

    /// <summary>The Cel package reports "Line 1:7 extraneous input ..."; cel-go reports "ERROR: &lt;input&gt;:1:8: Syntax error: ...".</summary>
    private static string SyntaxError(string expression, string message)
    {
        var match = AntlrLocation().Match(message);
        return match.Success
            ? CelExpressionChecker.FormatError(expression, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), "Syntax error: " + match.Groups[3].Value)
            : CelExpressionChecker.FormatError(expression, 1, 0, "Syntax error: " + message);
    }

    [GeneratedRegex(@"^Line (\d+):(\d+) (.*)$", RegexOptions.Singleline)]
    private static partial Regex AntlrLocation();
}
