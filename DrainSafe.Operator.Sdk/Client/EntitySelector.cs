namespace DrainSafe.Operator.Sdk.Client;

/// <summary>
/// Which objects of a type a list, watch or informer covers: a label selector and a field selector in the
/// API server's own syntax (<c>app=web,tier!=db</c>, <c>spec.nodeName=node-1</c>). Null or empty selects everything.
/// </summary>
/// <param name="LabelSelector">The <c>labelSelector</c> query parameter, or null.</param>
/// <param name="FieldSelector">The <c>fieldSelector</c> query parameter, or null.</param>
public sealed record EntitySelector(string? LabelSelector = null, string? FieldSelector = null)
{
    /// <summary>Selects every object.</summary>
    public static EntitySelector All { get; } = new();

    /// <summary>Selects the objects whose field <paramref name="path"/> equals <paramref name="value"/>.</summary>
    /// <param name="path">A field path the server can select on, e.g. <c>spec.nodeName</c> or <c>metadata.name</c>.</param>
    /// <param name="value">The value to match.</param>
    public static EntitySelector Field(string path, string value) => new(FieldSelector: $"{path}={value}");

    /// <summary>The selector as query parameters (escaped), without a leading separator; empty when it selects everything.</summary>
    public IEnumerable<string> QueryParameters()
    {
        if (!string.IsNullOrEmpty(LabelSelector))
        {
            yield return "labelSelector=" + Uri.EscapeDataString(LabelSelector);
        }

        if (!string.IsNullOrEmpty(FieldSelector))
        {
            yield return "fieldSelector=" + Uri.EscapeDataString(FieldSelector);
        }
    }
}
