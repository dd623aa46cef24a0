using DrainSafe.Agent.Imds;
using DrainSafe.Agent.Maintenance;
using static DrainSafe.Agent.Tests.Decisions.MaintenanceSpecsTests;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class ApprovalDecisionTests
{
    [Fact]
    public void An_approvable_event_that_imds_still_shows_scheduled_is_approved()
    {
        Assert.Equal(["A"], ApprovalDecision.EventsToApprove(["A"], [Event("A")], []));
    }

    [Fact]
    public void Several_approvable_events_are_approved_together()
    {
        Assert.Equal(["A", "B"], ApprovalDecision.EventsToApprove(["B", "A"], [Event("A"), Event("B"), Event("C")], []));
    }

    [Fact]
    public void An_event_already_approved_is_not_approved_again_whatever_the_letter_case()
    {
        Assert.Empty(ApprovalDecision.EventsToApprove(["abc-1"], [Event("ABC-1")], ["Abc-1"]));
    }

    [Fact]
    public void An_approvable_id_matches_the_imds_event_case_insensitively_and_the_post_uses_imds_spelling()
    {
        Assert.Equal(["ABC-1"], ApprovalDecision.EventsToApprove(["abc-1"], [Event("ABC-1")], []));
    }

    [Fact]
    public void A_started_event_is_not_approved()
    {
        Assert.Empty(ApprovalDecision.EventsToApprove(["A"], [Event("A", "Started")], []));
    }

    [Fact]
    public void An_event_the_operator_did_not_mark_is_not_approved()
    {
        Assert.Empty(ApprovalDecision.EventsToApprove(["B"], [Event("A")], []));
    }

    [Fact]
    public void An_approvable_event_that_left_the_imds_document_is_not_approved()
    {
        Assert.Empty(ApprovalDecision.EventsToApprove(["A"], [], []));
    }

    [Fact]
    public void The_record_keeps_approvals_of_events_still_in_the_document_and_adds_new_ones_after_the_recorded()
    {
        var document = new ImdsSnapshot(7, [Event("A", "Started"), Event("B"), Event("C")]);

        Assert.Equal(["B", "A", "C"], ApprovalDecision.ApprovalRecord(["B", "A"], ["a", "C"], document));
    }

    [Fact]
    public void The_record_drops_approvals_of_events_that_have_left_the_document()
    {
        var document = new ImdsSnapshot(8, [Event("B")]);

        Assert.Equal(["B"], ApprovalDecision.ApprovalRecord(["A", "B"], ["A", "B", "GONE"], document));
        Assert.Empty(ApprovalDecision.ApprovalRecord(["A"], ["A"], new ImdsSnapshot(9, [])));
    }
}
