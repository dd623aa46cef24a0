using DrainSafe.Operator.Drain;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class PodLabelSelectorTests
{
    private static PodLabelSelector Parse(string text)
    {
        Assert.True(PodLabelSelector.TryParse(text, out var selector), $"'{text}' should parse");
        return selector;
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => l.Key, l => l.Value);

    [Theory]
    [InlineData("app=db")]
    [InlineData("app==db")]
    [InlineData(" app = db ")]
    public void An_equality_requires_the_label_with_that_value(string text)
    {
        var selector = Parse(text);

        Assert.True(selector.Matches(Labels(("app", "db"), ("x", "y"))));
        Assert.False(selector.Matches(Labels(("app", "web"))));
        Assert.False(selector.Matches(Labels()));
        Assert.False(selector.Matches(null));
    }

    [Fact]
    public void An_inequality_holds_for_another_value_or_no_label()
    {
        var selector = Parse("app!=db");

        Assert.False(selector.Matches(Labels(("app", "db"))));
        Assert.True(selector.Matches(Labels(("app", "web"))));
        Assert.True(selector.Matches(Labels()));
        Assert.True(selector.Matches(null));
    }

    [Fact]
    public void A_bare_key_requires_the_label_and_a_negated_key_its_absence()
    {
        var exists = Parse("keep");
        var absent = Parse("!keep");

        Assert.True(exists.Matches(Labels(("keep", ""))));
        Assert.False(exists.Matches(Labels(("other", "x"))));
        Assert.False(absent.Matches(Labels(("keep", "yes"))));
        Assert.True(absent.Matches(Labels(("other", "x"))));
    }

    [Fact]
    public void Every_requirement_must_hold()
    {
        var selector = Parse("app=db,tier!=web,keep");

        Assert.True(selector.Matches(Labels(("app", "db"), ("keep", "1"))));
        Assert.False(selector.Matches(Labels(("app", "db"), ("keep", "1"), ("tier", "web"))));
        Assert.False(selector.Matches(Labels(("app", "db"))));
    }

    [Fact]
    public void Values_are_compared_with_letter_case()
    {
        Assert.False(Parse("app=DB").Matches(Labels(("app", "db"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,,b")]
    [InlineData("a,")]
    [InlineData("=b")]
    [InlineData("!=b")]
    [InlineData("a=b=c")]
    [InlineData("a===b")]
    [InlineData("a=b c")]
    [InlineData("my key=b")]
    [InlineData("!")]
    public void A_malformed_selector_is_refused(string text)
    {
        Assert.False(PodLabelSelector.TryParse(text, out _));
    }
}
