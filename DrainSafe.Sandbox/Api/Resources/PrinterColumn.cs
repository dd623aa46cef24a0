namespace DrainSafe.Sandbox.Api.Resources;

/// <summary>A column of the Table answer (a CRD's additionalPrinterColumns entry, or a built-in column).</summary>
/// <param name="Name">Column header.</param>
/// <param name="Type">OpenAPI type: string, integer, number, boolean, date.</param>
/// <param name="JsonPath">Simple JSONPath such as <c>.status.state</c>; empty for computed built-in columns.</param>
/// <param name="Description">Column description.</param>
/// <param name="Priority">0 for the default view, higher for <c>-o wide</c>.</param>
/// <param name="Format">OpenAPI format (for example <c>name</c>).</param>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description = "", int Priority = 0, string Format = "");
