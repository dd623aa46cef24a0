using DrainSafe.Sandbox.Api.Faults;

namespace DrainSafe.Bench.OperatorScale;

/// <summary>Names a recorded API request by its verb and resource, as the API server's audit log would: <c>patch nodes</c>, <c>create pods/eviction</c>.</summary>
internal static class RequestKinds
{
    public static string Of(RecordedRequest request) => Of(request.Method, request.Path, request.IsWatch);

    public static string Of(string method, string path, bool isWatch)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /api/v1/... or /apis/GROUP/VERSION/...
        var rest = segments switch
        {
            ["api", _, .. var r] => r,
            ["apis", _, _, .. var r] => r,
            _ => [],
        };
        if (rest is ["namespaces", _, _, ..])
        {
            rest = rest[2..];
        }

        var resource = rest.Length switch
        {
            0 => path,
            1 or 2 => rest[0],
            _ => $"{rest[0]}/{rest[2]}",
        };
        var named = rest.Length >= 2;
        var verb = method switch
        {
            "GET" when isWatch => "watch",
            "GET" => named || rest.Length == 0 ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return $"{verb} {resource}";
    }
}
