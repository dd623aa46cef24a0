using DrainSafe.Operator;

namespace DrainSafe.Operator.Sdk.Tests.Generation;

/// <summary>Runs DrainSafe.Operator's real Main in this process, as <c>dotnet run --project DrainSafe.Operator -- ARGS</c> would.</summary>
internal static class OperatorEntryPoint
{
    public static int Run(params string[] args)
    {
        var main = typeof(OperatorPermissions).Assembly.EntryPoint
            ?? throw new InvalidOperationException("DrainSafe.Operator has no entry point.");
        var result = main.GetParameters().Length == 0 ? main.Invoke(null, null) : main.Invoke(null, [args]);
        return Assert.IsType<int>(result);
    }
}
