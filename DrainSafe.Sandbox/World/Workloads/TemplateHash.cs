using System.Text;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>A short, stable hash of a pod template, spelled like Kubernetes' <c>pod-template-hash</c>.</summary>
internal static class TemplateHash
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(JsonNode? template)
    {
        var text = template?.ToJsonString() ?? string.Empty;
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        var builder = new StringBuilder(10);
        var value = (ulong)hash * 2654435761UL;
        for (var i = 0; i < 10; i++)
        {
            builder.Append(Alphabet[(int)(value % (ulong)Alphabet.Length)]);
            value = (value / (ulong)Alphabet.Length) ^ (hash * (ulong)(i + 7));
        }

        return builder.ToString();
    }
}
