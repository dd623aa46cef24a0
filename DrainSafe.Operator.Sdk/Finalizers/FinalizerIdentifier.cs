using DrainSafe.Operator.Sdk.Entities;

namespace DrainSafe.Operator.Sdk.Finalizers;

/// <summary>Names finalizers the way KubeOps does: <c>{group}/{lowercase class name without "finalizer"}finalizer</c>.</summary>
public static class FinalizerIdentifier
{
    /// <summary>The longest name part Kubernetes accepts in a qualified finalizer name.</summary>
    public const int MaxNameLength = 63;

    /// <summary>The default identifier of <paramref name="finalizerType"/> for entities in <paramref name="definition"/>'s group.</summary>
    /// <param name="finalizerType">The finalizer class, e.g. <c>NodeRestoreFinalizer</c>.</param>
    /// <param name="definition">The entity's API definition (for the group).</param>
    public static string Default(Type finalizerType, EntityDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(finalizerType);
        ArgumentNullException.ThrowIfNull(definition);
        var name = finalizerType.Name;
        var generic = name.IndexOf('`', StringComparison.Ordinal);
        if (generic >= 0)
        {
            name = name[..generic];
        }

        name = name.ToLowerInvariant();
        if (name.EndsWith("finalizer", StringComparison.Ordinal))
        {
            name = name[..^"finalizer".Length];
        }

        name += "finalizer";
        if (name.Length > MaxNameLength)
        {
            name = name[..MaxNameLength];
        }

        return definition.Group.Length == 0 ? name : $"{definition.Group}/{name}";
    }

    /// <summary>Throws unless <paramref name="identifier"/> can be a finalizer: non-empty, no spaces, at most one '/'.</summary>
    /// <param name="identifier">The identifier to check.</param>
    public static void Validate(string identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier) || identifier.Any(char.IsWhiteSpace)
            || identifier.Count(c => c == '/') > 1)
        {
            throw new ArgumentException(
                $"Finalizer identifier \"{identifier}\" is not valid: use \"<group>/<name>\", e.g. \"drainsafe.azure.com/restorenodefinalizer\".",
                nameof(identifier));
        }
    }
}
