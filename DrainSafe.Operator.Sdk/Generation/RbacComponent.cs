using System.Reflection;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// One component that runs under its own service account and ClusterRole (e.g. the operator or the
/// agent), and the types whose RBAC attributes make up that role.
/// </summary>
/// <param name="Name">The name of the ClusterRole, its binding and the service account, e.g. <c>drainsafe-operator</c>.</param>
/// <param name="FileStem">The stem of the generated file names, e.g. <c>operator</c> gives <c>operator-clusterrole.yaml</c>.</param>
/// <param name="Namespace">The namespace of the service account.</param>
/// <param name="DeclaringTypes">The types whose <c>[EntityRbac]</c> and <c>[GenericRbac]</c> attributes are collected.</param>
/// <param name="Labels">Labels for the generated objects.</param>
public sealed record RbacComponent(
    string Name,
    string FileStem,
    string Namespace,
    IReadOnlyList<Type> DeclaringTypes,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>
    /// A component whose role is made of every type in <paramref name="assemblies"/>: a controller added
    /// later with an <c>[EntityRbac]</c> attribute joins the role without further wiring.
    /// </summary>
    /// <param name="name">The name of the ClusterRole, its binding and the service account.</param>
    /// <param name="fileStem">The stem of the generated file names.</param>
    /// <param name="namespace">The namespace of the service account.</param>
    /// <param name="labels">Labels for the generated objects.</param>
    /// <param name="assemblies">The assemblies of the component.</param>
    public static RbacComponent FromAssemblies(
        string name, string fileStem, string @namespace, IReadOnlyDictionary<string, string> labels, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var types = assemblies.Distinct().SelectMany(assembly => assembly.GetTypes()).ToList();
        return new RbacComponent(name, fileStem, @namespace, types, labels);
    }
}
