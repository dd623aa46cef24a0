using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class DrainPolicyTests
{
    [Fact]
    public void The_drain_policy_takes_the_options_and_parses_the_never_evict_selector()
    {
        var policy = DrainPolicy.From(new DrainSafeOptions
        {
            DeleteEmptyDirData = false,
            EvictUnmanagedPods = false,
            TerminatingPodTimeout = TimeSpan.FromMinutes(2),
            NeverEvictSelector = "tier=db",
            NeverEvictAnnotation = "example.com/keep",
        });

        Assert.False(policy.DeleteEmptyDirData);
        Assert.False(policy.EvictUnmanagedPods);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.TerminatingPodTimeout);
        Assert.Equal("example.com/keep", policy.NeverEvictAnnotation);
        Assert.NotNull(policy.NeverEvictSelector);
        Assert.True(policy.NeverEvictSelector.Matches(new Dictionary<string, string> { ["tier"] = "db" }));
        Assert.False(policy.NeverEvictSelector.Matches(new Dictionary<string, string> { ["tier"] = "web" }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_never_evict_selector_protects_no_pod_by_its_labels(string? selector)
    {
        Assert.Null(DrainPolicy.From(new DrainSafeOptions { NeverEvictSelector = selector }).NeverEvictSelector);
    }

    [Fact]
    public void The_drain_policy_refuses_missing_options_by_name()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => DrainPolicy.From(null!)).ParamName);
    }
}
