using DrainSafe.Agent.Imds;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class IncarnationCheckTests
{
    [Fact]
    public void The_first_document_is_taken_whatever_its_incarnation()
    {
        Assert.Equal(new IncarnationVerdict(Take: true, BackwardAnswersInARow: 0, WentBackwards: false), IncarnationCheck.Judge(null, 0, 1));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(5, 6)]
    [InlineData(5, 900)]
    public void A_document_at_the_same_or_a_higher_incarnation_is_taken(long lastTaken, long answered)
    {
        Assert.Equal(new IncarnationVerdict(Take: true, BackwardAnswersInARow: 0, WentBackwards: false), IncarnationCheck.Judge(lastTaken, 0, answered));
    }

    [Fact]
    public void A_first_lower_incarnation_is_held_and_counted()
    {
        Assert.Equal(new IncarnationVerdict(Take: false, BackwardAnswersInARow: 1, WentBackwards: true), IncarnationCheck.Judge(5, 0, 4));
    }

    [Fact]
    public void A_second_lower_incarnation_in_a_row_is_taken_even_when_it_moved_meanwhile()
    {
        Assert.Equal(new IncarnationVerdict(Take: true, BackwardAnswersInARow: 0, WentBackwards: true), IncarnationCheck.Judge(5, 1, 2));
    }

    [Fact]
    public void A_current_answer_after_a_stale_one_is_taken_and_forgets_the_stale_one()
    {
        var stale = IncarnationCheck.Judge(5, 0, 3);
        var current = IncarnationCheck.Judge(5, stale.BackwardAnswersInARow, 5);
        var nextStale = IncarnationCheck.Judge(5, current.BackwardAnswersInARow, 3);

        Assert.True(current.Take);
        Assert.False(nextStale.Take);
    }

    [Fact]
    public void A_restarted_service_is_trusted_after_two_answers_and_its_new_incarnations_count_from_there()
    {
        var first = IncarnationCheck.Judge(40, 0, 1);
        var second = IncarnationCheck.Judge(40, first.BackwardAnswersInARow, 1);
        var afterwards = IncarnationCheck.Judge(1, second.BackwardAnswersInARow, 2);

        Assert.False(first.Take);
        Assert.True(second.Take);
        Assert.Equal(new IncarnationVerdict(Take: true, BackwardAnswersInARow: 0, WentBackwards: false), afterwards);
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IncarnationCheck.Judge(5, -1, 4));
    }
}
