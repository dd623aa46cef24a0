namespace DrainSafe.Sandbox.Api.Errors;

/// <summary>One cause inside a Status' details (for example a field that failed validation).</summary>
/// <param name="Reason">Machine-readable reason such as <c>FieldValueRequired</c>.</param>
/// <param name="Message">Human-readable message.</param>
/// <param name="Field">Field path such as <c>spec.nodeName</c>, or null.</param>
public sealed record StatusCause(string Reason, string Message, string? Field = null);
