using System.Net;
using System.Text.Json.Nodes;

namespace DrainSafe.Conformance.Tests.Conformance;

/// <summary>Assertions on Kubernetes <c>Status</c> failure bodies, in the shape kube-apiserver answers them.</summary>
public static class StatusAssert
{
    /// <summary>
    /// Asserts a failure answer: HTTP code, and a body
    /// <c>{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":...,"reason":...,"code":...}</c>.
    /// </summary>
    /// <returns>The Status body, for further checks (details, causes).</returns>
    public static JsonObject Failure(ApiResponse response, HttpStatusCode code, string reason, string? message = null)
    {
        Assert.True(response.StatusCode == code, $"Expected {(int)code} {code}, got {response}");
        var status = response.Body;
        AssertShape(status, (int)code, reason, response.ToString());
        if (message is not null)
        {
            Assert.Equal(message, status["message"]?.GetValue<string>());
        }

        return status;
    }

    /// <summary>Asserts the Status object fields shared by every failure.</summary>
    public static void AssertShape(JsonObject status, int code, string reason, string context)
    {
        Assert.True(status["kind"]?.GetValue<string>() == "Status", $"kind is not Status in {context}");
        Assert.True(status["apiVersion"]?.GetValue<string>() == "v1", $"apiVersion is not v1 in {context}");
        Assert.True(status["metadata"] is JsonObject { Count: 0 }, $"metadata is not {{}} in {context}");
        Assert.True(status["status"]?.GetValue<string>() == "Failure", $"status is not Failure in {context}");
        Assert.True(status["code"]?.GetValue<int>() == code, $"code is not {code} in {context}");
        if (reason.Length == 0)
        {
            Assert.True(status["reason"] is null, $"reason should be absent in {context}");
        }
        else
        {
            Assert.True(status["reason"]?.GetValue<string>() == reason, $"reason is not {reason} in {context}");
        }

        Assert.False(string.IsNullOrEmpty(status["message"]?.GetValue<string>()), $"message is empty in {context}");
    }

    /// <summary>Asserts <c>details</c>: name, group (absent for core) and kind (the resource plural).</summary>
    public static void Details(JsonObject status, string name, string group, string kind)
    {
        var details = Assert.IsType<JsonObject>(status["details"]);
        Assert.Equal(name, details["name"]?.GetValue<string>());
        Assert.Equal(group.Length == 0 ? null : group, details["group"]?.GetValue<string>());
        Assert.Equal(kind, details["kind"]?.GetValue<string>());
    }

    /// <summary>Asserts that <c>details.causes</c> holds a cause matching <paramref name="match"/>; shows every cause when none does.</summary>
    public static void HasCause(JsonObject status, string what, Func<JsonObject, bool> match)
    {
        var causes = (status["details"]?["causes"] as JsonArray)?.Select(c => c!.AsObject()).ToList() ?? [];
        Assert.True(causes.Any(match), $"No cause {what} in {status["details"]?["causes"]?.ToJsonString() ?? "(no causes)"}");
    }
}
