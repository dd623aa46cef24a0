using System.Collections;
using System.Globalization;
using Cel;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// Functions Kubernetes adds to CEL (strings and lists extension libraries, optionals) that the Cel package
/// lacks, registered on its environment, plus the lists of names the static checker accepts.
/// </summary>
internal static class KubernetesCelFunctions
{
    /// <summary>Global functions the Cel package knows, plus those registered here.</summary>
    public static readonly string[] GlobalFunctions =
    [
        "bool", "bytes", "double", "int", "uint", "string", "timestamp", "duration", "type", "dyn", "size",
        "matches", "contains", "startsWith", "endsWith",
    ];

    /// <summary>Receiver-style functions the Cel package knows, plus those registered here.</summary>
    public static readonly string[] MemberFunctions =
    [
        "contains", "endsWith", "startsWith", "matches", "size",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds", "getFullYear", "getMonth", "getDayOfYear",
        "getDayOfMonth", "getDayOfWeek", "getDate",
        "lowerAscii", "upperAscii", "trim", "replace", "split", "join", "indexOf", "lastIndexOf", "substring",
        "hasValue", "value", "orValue",
    ];

    public static void Register(CelEnvironment environment)
    {
        environment.RegisterFunction("lowerAscii", [typeof(string)], args => AsciiCase((string)args[0]!, toUpper: false));
        environment.RegisterFunction("upperAscii", [typeof(string)], args => AsciiCase((string)args[0]!, toUpper: true));
        environment.RegisterFunction("trim", [typeof(string)], args => ((string)args[0]!).Trim());
        environment.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)],
            args => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal));
        environment.RegisterFunction("split", [typeof(string), typeof(string)],
            args => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToList());
        environment.RegisterFunction("join", [typeof(IList)], args => Join((IList)args[0]!, string.Empty));
        environment.RegisterFunction("join", [typeof(IList), typeof(string)], args => Join((IList)args[0]!, (string)args[1]!));
        environment.RegisterFunction("indexOf", [typeof(string), typeof(string)],
            args => (long)CodePointIndex((string)args[0]!, ((string)args[0]!).IndexOf((string)args[1]!, StringComparison.Ordinal)));
        environment.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)],
            args => (long)CodePointIndex((string)args[0]!, ((string)args[0]!).LastIndexOf((string)args[1]!, StringComparison.Ordinal)));
        environment.RegisterFunction("substring", [typeof(string), typeof(long)],
            args => ((string)args[0]!)[(int)(long)args[1]!..]);
        environment.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)],
            args => ((string)args[0]!)[(int)(long)args[1]!..(int)(long)args[2]!]);
        environment.RegisterFunction("hasValue", [typeof(OptionalValue)], args => ((OptionalValue)args[0]!).HasValue);
        environment.RegisterFunction("value", [typeof(OptionalValue)], args => OptionalValueOrThrow((OptionalValue)args[0]!));
        environment.RegisterFunction("orValue", [typeof(OptionalValue), typeof(object)],
            args => ((OptionalValue)args[0]!).HasValue ? ((OptionalValue)args[0]!).Value : args[1]);
    }

    private static string AsciiCase(string text, bool toUpper) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = toUpper
                ? c is >= 'a' and <= 'z' ? (char)(c - 32) : c
                : c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
    });

    private static string Join(IList items, string separator) =>
        string.Join(separator, items.Cast<object?>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture)));

    private static int CodePointIndex(string text, int utf16Index) =>
        utf16Index < 0 ? -1 : text[..utf16Index].EnumerateRunes().Count();

    private static object? OptionalValueOrThrow(OptionalValue optional) =>
        optional.HasValue ? optional.Value : throw new InvalidOperationException("optional.none() dereference");
}
