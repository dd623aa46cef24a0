namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>The Kubernetes <c>CauseType</c> strings a <see cref="FieldError"/> can carry.</summary>
public static class FieldErrorReasons
{
    /// <summary>A required field is missing.</summary>
    public const string Required = "FieldValueRequired";

    /// <summary>The value is not one of the enumerated values.</summary>
    public const string NotSupported = "FieldValueNotSupported";

    /// <summary>The value breaks a constraint (pattern, range, CEL rule, ...).</summary>
    public const string Invalid = "FieldValueInvalid";

    /// <summary>The value has the wrong JSON type or format.</summary>
    public const string TypeInvalid = "FieldValueTypeInvalid";

    /// <summary>The field may not be set (or a CEL rule with reason FieldValueForbidden failed).</summary>
    public const string Forbidden = "FieldValueForbidden";

    /// <summary>A string is longer than its maxLength.</summary>
    public const string TooLong = "FieldValueTooLong";

    /// <summary>A list or map has more entries than allowed.</summary>
    public const string TooMany = "FieldValueTooMany";

    /// <summary>A set or map list holds the same entry twice.</summary>
    public const string Duplicate = "FieldValueDuplicate";

    /// <summary>Something went wrong inside the validator itself.</summary>
    public const string Internal = "InternalError";
}
