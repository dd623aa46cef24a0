using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using CelParser = Cel.Internal.CelParser;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// The static part of cel-go's checker that the Cel package lacks: every identifier is declared (self, oldSelf,
/// a macro variable) and every function exists, so a typo fails when the CRD is created, not on every write.
/// </summary>
internal sealed partial class CelExpressionChecker
{
    private static readonly FrozenNames Macros = new(["all", "exists", "exists_one", "map", "filter"]);

    private static readonly FrozenNames TypeNames = new(["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"]);

    private static readonly FrozenNames RuleVariables = new(["self", "oldSelf"]);

    private readonly string _expression;
    private readonly FrozenNames _variables;
    private readonly FrozenNames _globalFunctions;
    private readonly FrozenNames _memberFunctions;
    private readonly List<string> _errors = [];

    private CelExpressionChecker(string expression, FrozenNames variables, FrozenNames globalFunctions, FrozenNames memberFunctions)
    {
        _expression = expression;
        _variables = variables;
        _globalFunctions = globalFunctions;
        _memberFunctions = memberFunctions;
    }

    private bool UsesOldSelf { get; set; }

    /// <summary>Checks a parsed x-kubernetes-validations rule (variables self and oldSelf); returns the cel-go style errors and whether it reads oldSelf.</summary>
    public static (IReadOnlyList<string> Errors, bool UsesOldSelf) Check(
        CelParser.StartContext tree, string expression, IEnumerable<string> globalFunctions, IEnumerable<string> memberFunctions) =>
        Check(tree, expression, RuleVariables, globalFunctions, memberFunctions);

    /// <summary>Checks a parsed expression whose environment declares <paramref name="variables"/>.</summary>
    public static (IReadOnlyList<string> Errors, bool UsesOldSelf) Check(CelParser.StartContext tree, string expression,
        IEnumerable<string> variables, IEnumerable<string> globalFunctions, IEnumerable<string> memberFunctions) =>
        Check(tree, expression, new FrozenNames(variables), globalFunctions, memberFunctions);

    private static (IReadOnlyList<string> Errors, bool UsesOldSelf) Check(CelParser.StartContext tree, string expression,
        FrozenNames variables, IEnumerable<string> globalFunctions, IEnumerable<string> memberFunctions)
    {
        var checker = new CelExpressionChecker(expression, variables, new(globalFunctions), new(memberFunctions));
        checker.Visit(tree, []);
        return (checker._errors, checker.UsesOldSelf);
    }

    /// <summary>Formats an error at a position like cel-go: location, message, the line and a caret.</summary>
    public static string FormatError(string expression, int line, int column, string message)
    {
        var lines = expression.Split('\n');
        var builder = new StringBuilder($"ERROR: <input>:{line}:{column + 1}: {message}");
        if (line >= 1 && line <= lines.Length)
        {
            builder.Append("\n | ").Append(lines[line - 1].TrimEnd('\r'));
            builder.Append("\n | ").Append(new string('.', Math.Max(0, column))).Append('^');
        }

        return builder.ToString();
    }

    private void Visit(IParseTree node, ImmutableHashSet<string> bound)
    {
        switch (node)
        {
            case CelParser.IdentOrGlobalCallContext ident:
                VisitIdentOrCall(ident, bound);
                return;
            case CelParser.MemberCallContext call:
                VisitMemberCall(call, bound);
                return;
        }

        for (var i = 0; i < node.ChildCount; i++)
        {
            Visit(node.GetChild(i), bound);
        }
    }

    private void VisitIdentOrCall(CelParser.IdentOrGlobalCallContext ident, ImmutableHashSet<string> bound)
    {
        var name = ident.id.Text;
        if (ident.op is null)
        {
            if (name == "oldSelf" && _variables.Contains(name))
            {
                UsesOldSelf = true;
            }
            else if (!_variables.Contains(name) && !bound.Contains(name) && !TypeNames.Contains(name))
            {
                Error(ident.id, $"undeclared reference to '{name}' (in container '')");
            }

            return;
        }

        var args = ident.args?.expr() ?? [];
        if (name == "has")
        {
            if (args.Length != 1 || !FieldSelection().IsMatch(args[0].GetText()))
            {
                Error(ident.id, "invalid argument to has() macro");
            }
        }
        else if (!_globalFunctions.Contains(name))
        {
            Error(ident.id, $"undeclared reference to '{name}' (in container '')");
        }

        foreach (var arg in args)
        {
            Visit(arg, bound);
        }
    }

    private void VisitMemberCall(CelParser.MemberCallContext call, ImmutableHashSet<string> bound)
    {
        var name = call.id.Text;
        var args = call.args?.expr() ?? [];
        Visit(call.member(), bound);
        if (Macros.Contains(name))
        {
            var variable = args.Length >= 2 ? args[0].GetText() : string.Empty;
            if (!Identifier().IsMatch(variable))
            {
                Error(call.id, $"{name}() variable name must be a simple identifier");
                return;
            }

            foreach (var arg in args.Skip(1))
            {
                Visit(arg, bound.Add(variable));
            }

            return;
        }

        if (!_memberFunctions.Contains(name))
        {
            Error(call.id, $"undeclared reference to '{name}' (in container '')");
        }

        foreach (var arg in args)
        {
            Visit(arg, bound);
        }
    }

    private void Error(IToken token, string message) =>
        _errors.Add(FormatError(_expression, token.Line, token.Column, message));

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\.\??[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex FieldSelection();

    /// <summary>A small ordinal name set.</summary>
    private sealed class FrozenNames(IEnumerable<string> names)
    {
        private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

        public bool Contains(string name) => _names.Contains(name);
    }
}
