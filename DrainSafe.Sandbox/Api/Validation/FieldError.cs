namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// One field-level validation failure, shaped like a Kubernetes <c>StatusCause</c>:
/// <paramref name="Reason"/> is the cause type (see <see cref="FieldErrorReasons"/>),
/// <paramref name="Field"/> the field path (<c>spec.events[0].eventType</c>, or <c>&lt;nil&gt;</c> for the object itself)
/// and <paramref name="Message"/> the error body without the field, e.g.
/// <c>Unsupported value: "Explode": supported values: "Freeze", "Reboot"</c>.
/// </summary>
public sealed record FieldError(string Reason, string Field, string Message)
{
    /// <summary>The error as the API server prints it in a Status message: <c>field: message</c>.</summary>
    public override string ToString() => $"{Field}: {Message}";
}
