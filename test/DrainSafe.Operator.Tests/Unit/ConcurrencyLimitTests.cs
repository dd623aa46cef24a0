using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class ConcurrencyLimitTests
{
    [Theory]
    [InlineData("3", 3)]
    [InlineData(" 7 ", 7)]
    [InlineData("1", 1)]
    public void A_positive_whole_number_is_a_count(string text, int expected)
    {
        Assert.True(ConcurrencyLimit.TryParse(text, out var count, out var percent));

        Assert.Equal(expected, count);
        Assert.Null(percent);
    }

    [Theory]
    [InlineData("10%", 10.0)]
    [InlineData("100%", 100.0)]
    [InlineData("12.5%", 12.5)]
    [InlineData(" 25% ", 25.0)]
    public void A_number_followed_by_a_percent_sign_is_a_percentage(string text, double expected)
    {
        Assert.True(ConcurrencyLimit.TryParse(text, out var count, out var percent));

        Assert.Null(count);
        Assert.Equal(expected, percent);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("+2")]
    [InlineData("2.5")]
    [InlineData("two")]
    [InlineData("")]
    [InlineData("%")]
    [InlineData("0%")]
    [InlineData("-10%")]
    [InlineData("100.1%")]
    [InlineData("NaN%")]
    [InlineData("ten%")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(ConcurrencyLimit.TryParse(text, out var count, out var percent));

        Assert.Null(count);
        Assert.Null(percent);
    }

    [Theory]
    [InlineData("10%", 50, 5)]
    [InlineData("10%", 51, 6)]
    [InlineData("50%", 3, 2)]
    [InlineData("1%", 3, 1)]
    [InlineData("10%", 0, 1)]
    [InlineData("100%", 40, 40)]
    [InlineData("4", 50, 4)]
    [InlineData("4", 2, 4)]
    public void A_limit_resolves_to_a_count_rounding_a_percentage_up_to_at_least_one(string text, int totalNodes, int expected)
    {
        Assert.Equal(expected, ConcurrencyLimit.Resolve(text, totalNodes));
    }

    [Theory]
    [InlineData("16.1%", 1000, 161)]
    [InlineData("32.2%", 1000, 322)]
    public void An_exact_fractional_percentage_does_not_round_up_an_extra_node(string text, int totalNodes, int expected)
    {
        Assert.Equal(expected, ConcurrencyLimit.Resolve(text, totalNodes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void No_setting_is_no_limit(string? text)
    {
        Assert.Null(ConcurrencyLimit.Resolve(text, 50));
    }
}
