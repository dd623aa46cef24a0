namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// Keeps fields that the schema does not declare (<c>x-kubernetes-preserve-unknown-fields: true</c>)
/// on that object instead of letting the API server prune them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, Inherited = false)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
