using System.Text.Json.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>Writes a controller's status when it differs from the stored one; zero counts are omitted as the API does.</summary>
internal static class WorkloadStatusWriter
{
    public static void Write(WorldContext context, WorkloadRecord workload, IReadOnlyList<(string Field, object Value)> fields)
    {
        var status = new JsonObject();
        foreach (var (field, value) in fields)
        {
            switch (value)
            {
                case int number when number != 0:
                    status[field] = number;
                    break;
                case long number when number != 0:
                    status[field] = number;
                    break;
                case string text when text.Length > 0:
                    status[field] = text;
                    break;
            }
        }

        var obj = workload.Source.ToJsonObject();
        if (JsonNode.DeepEquals(obj["status"], status))
        {
            return;
        }

        obj["status"] = status;
        if (!context.Writer.Update(workload.Resource, obj, status: true))
        {
            context.RetryWorkload(workload.Uid);
        }
    }
}
