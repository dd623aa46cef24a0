using DrainSafe.Operator.Options;
using DrainSafe.Operator.Sdk.Options;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class FluentValidateOptionsTests
{
    private static readonly FluentValidateOptions<DrainSafeOptions> Validate = new(new DrainSafeOptionsValidator());

    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(Validate.Validate(null, new DrainSafeOptions()).Succeeded);
    }

    [Fact]
    public void Bad_options_fail_with_every_message_of_the_validator()
    {
        var result = Validate.Validate(null, new DrainSafeOptions { DrainLeadTime = TimeSpan.Zero, ApiBurst = 0 });

        Assert.True(result.Failed);
        Assert.NotNull(result.Failures);
        Assert.Collection(
            result.Failures,
            m => Assert.StartsWith("DrainSafe:DrainLeadTime ", m, StringComparison.Ordinal),
            m => Assert.StartsWith("DrainSafe:ApiBurst ", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_options_are_refused_by_name()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => Validate.Validate(null, null!)).ParamName);
    }
}
