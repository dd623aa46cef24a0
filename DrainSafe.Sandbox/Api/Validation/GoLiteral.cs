namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>A bad value already in Go syntax (a struct the server prints with %#v); printed as is.</summary>
internal sealed record GoLiteral(string Text)
{
    public override string ToString() => Text;
}
