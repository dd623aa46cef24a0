using DrainSafe.Operator.Drain;

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
    public void A_budget_name_ends_at_the_first_character_a_name_cannot_hold()
    {
        Assert.Equal("web-pdb", PodEvictor.BudgetNameIn("The disruption budget web-pdb: needs 2"));
        Assert.Equal("web-pdb", PodEvictor.BudgetNameIn("The disruption budget web-pdb- needs 2"));
    }
}
