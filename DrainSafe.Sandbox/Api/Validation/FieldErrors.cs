namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// Builds <see cref="FieldError"/>s with the text of apimachinery's field.Error.ErrorBody, one method per
/// field.Required / field.Invalid / ... constructor.
/// </summary>
internal static class FieldErrors
{
    /// <summary>Stands for field.OmitValueType: the body names no bad value.</summary>
    public static readonly object OmitValue = new();

    public static FieldError Required(FieldPath path, string detail = "") =>
        new(FieldErrorReasons.Required, path.ToString(), WithDetail("Required value", detail));

    public static FieldError Forbidden(FieldPath path, string detail) =>
        new(FieldErrorReasons.Forbidden, path.ToString(), WithDetail("Forbidden", detail));

    public static FieldError Invalid(FieldPath path, object? value, string detail) =>
        new(FieldErrorReasons.Invalid, path.ToString(), WithDetail(Body("Invalid value", value), detail));

    public static FieldError TypeInvalid(FieldPath path, object? value, string detail) =>
        new(FieldErrorReasons.TypeInvalid, path.ToString(), WithDetail(Body("Invalid value", value), detail));

    public static FieldError NotSupported(FieldPath path, object? value, IEnumerable<string> supported)
    {
        var quoted = supported.Select(GoValueFormatter.Quote).ToList();
        var detail = quoted.Count > 0 ? "supported values: " + string.Join(", ", quoted) : string.Empty;
        return new(FieldErrorReasons.NotSupported, path.ToString(), WithDetail(Body("Unsupported value", value), detail));
    }

    public static FieldError TooLong(FieldPath path, long maxLength) =>
        new(FieldErrorReasons.TooLong, path.ToString(),
            WithDetail("Too long", $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}"));

    public static FieldError TooMany(FieldPath path, long actual, long max) =>
        new(FieldErrorReasons.TooMany, path.ToString(),
            WithDetail(Body("Too many", actual), $"must have at most {max} {(max == 1 ? "item" : "items")}"));

    public static FieldError Duplicate(FieldPath path, object? value) =>
        new(FieldErrorReasons.Duplicate, path.ToString(), Body("Duplicate value", value));

    public static FieldError Internal(FieldPath path, string detail) =>
        new(FieldErrorReasons.Internal, path.ToString(), WithDetail("Internal error", detail));

    private static string Body(string type, object? value) =>
        ReferenceEquals(value, OmitValue) ? type : $"{type}: {GoValueFormatter.Format(value)}";

    private static string WithDetail(string body, string detail) =>
        detail.Length == 0 ? body : $"{body}: {detail}";
}
