using System.Text.Json.Nodes;
using DrainSafe.Packaging.Tests.Manifests;

namespace DrainSafe.Packaging.Tests;

/// <summary>The chart's values.yaml as a JSON tree (scalars as strings, null as null).</summary>
public static class ChartValues
{
    /// <summary>Reads charts/drainsafe/values.yaml.</summary>
    public static JsonObject Load() =>
        ManifestSet.ParseFiles([RepositoryRoot.Combine("charts", "drainsafe", "values.yaml")]).Objects.Single();
}
