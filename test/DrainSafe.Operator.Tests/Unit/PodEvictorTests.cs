using System.Net;
using DrainSafe.Operator.Drain;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class PodEvictorTests
{
    [Theory]
    [InlineData("The disruption budget web-pdb needs 2 healthy pods and has 1 currently", "web-pdb")]
    [InlineData("The disruption budget db.pdb.v2 is still being processed by the server.", "db.pdb.v2")]
    [InlineData("the Disruption Budget a needs 1 healthy pods", "a")]
    [InlineData("Cannot evict pod: the disruption budget zk-pdb-0 needs 3 healthy pods", "zk-pdb-0")]
    public void The_budget_name_is_read_out_of_the_cause(string message, string expected)
    {
        Assert.Equal(expected, PodEvictor.BudgetNameIn(message));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Cannot evict pod as it would violate the pod's disruption budget.")]
    [InlineData("Cannot evict pod as it would violate the pod's disruption budget")]
    [InlineData("Too many requests, please try again later.")]
    public void A_message_that_names_no_budget_gives_none(string? message)
    {
        Assert.Null(PodEvictor.BudgetNameIn(message));
    }

    [Fact]
    public void A_409_on_the_budget_is_a_failure_to_retry_not_a_pod_gone()
    {
        // What kube-apiserver answers when its retries to spend a disruption on the budget all lost a write race.
        var outcome = PodEvictor.Classify(Pod(), Answer(409, """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on poddisruptionbudgets.policy \"web-pdb\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"web-pdb","group":"policy","kind":"poddisruptionbudgets"},"code":409}
            """));

        Assert.Equal(EvictionResult.Failed, outcome.Result);
        Assert.Contains("poddisruptionbudgets.policy \"web-pdb\"", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_409_on_the_pod_means_the_pod_of_that_name_is_another_one_now()
    {
        var outcome = PodEvictor.Classify(Pod(), Answer(409, """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on pods \"web-0\": the UID in the precondition (uid-1) does not match the UID in record (uid-2). The object might have been deleted and then recreated","reason":"Conflict","details":{"name":"web-0","kind":"pods"},"code":409}
            """));

        Assert.Equal(EvictionResult.Gone, outcome.Result);
    }

    private static V1Pod Pod() => new() { Metadata = new V1ObjectMeta { Name = "web-0", NamespaceProperty = "apps", Uid = "uid-1" } };

    private static HttpOperationException Answer(int code, string body) => new($"Operation returned an invalid status code '{code}'")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage((HttpStatusCode)code), body),
    };

    [Fact]
    public void A_budget_name_ends_at_the_first_character_a_name_cannot_hold()
    {
        Assert.Equal("web-pdb", PodEvictor.BudgetNameIn("The disruption budget web-pdb: needs 2"));
        Assert.Equal("web-pdb", PodEvictor.BudgetNameIn("The disruption budget web-pdb- needs 2"));
    }
}
