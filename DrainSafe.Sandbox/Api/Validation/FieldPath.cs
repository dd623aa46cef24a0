namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>A field path built like k8s.io/apimachinery's field.Path: <c>a.b[0][key]</c>; the root is empty.</summary>
internal readonly record struct FieldPath(string Value)
{
    /// <summary>The path of the object itself.</summary>
    public static FieldPath Root { get; } = new(string.Empty);

    public bool IsRoot => Value.Length == 0;

    public FieldPath Child(string name) => new(IsRoot ? name : $"{Value}.{name}");

    public FieldPath Index(int index) => new($"{Value}[{index}]");

    public FieldPath Key(string key) => new($"{Value}[{key}]");

    /// <summary>The path as the API server prints it: a nil path (the object itself) reads <c>&lt;nil&gt;</c>.</summary>
    public override string ToString() => IsRoot ? "<nil>" : Value;
}
