using DrainSafe.Operator.Sdk.LeaderElection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary>
/// The rules on their own, as the host's options validation runs them (under a configuration key): each invalid value
/// gets exactly one message naming the setting by its full key, what it accepts, and the value given.
/// </summary>
public sealed class LeaderElectionSettingsValidatorTests
{
    private const string Key = "Operator:LeaderElection";

    private static LeaderElectionSettings Valid() => new()
    {
        LeaseName = "lease",
        LeaseNamespace = "default",
        Identity = "op-a",
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromSeconds(2),
    };

    private static string[] Errors(LeaderElectionSettings settings) =>
        new LeaderElectionSettingsValidator(Key).Validate(settings).Errors.Select(e => e.ErrorMessage).ToArray();

    [Fact]
    public void The_default_settings_elect_on_the_chart_s_Lease_with_client_go_s_durations_and_leave_namespace_and_identity_to_the_runtime()
    {
        var settings = new LeaderElectionSettings();

        Assert.True(settings.Enabled);
        Assert.Equal("drainsafe-operator", settings.LeaseName);
        // Empty, so that the runtime fills them in from POD_NAMESPACE and POD_NAME at start.
        Assert.Equal(string.Empty, settings.LeaseNamespace);
        Assert.Equal(string.Empty, settings.Identity);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RenewDeadline);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.RetryPeriod);
    }

    [Fact]
    public void Complete_settings_with_client_go_s_default_durations_are_valid()
    {
        Assert.Empty(Errors(Valid()));
    }

    [Fact]
    public void With_election_disabled_nothing_is_checked()
    {
        var settings = new LeaderElectionSettings
        {
            Enabled = false,
            LeaseName = "",
            LeaseNamespace = "",
            Identity = "",
            LeaseDuration = TimeSpan.Zero,
            RenewDeadline = TimeSpan.Zero,
            RetryPeriod = TimeSpan.Zero,
        };

        Assert.Empty(Errors(settings));
    }

    [Fact]
    public void An_empty_lease_name_is_refused_with_the_lease_name_named()
    {
        var settings = Valid();
        settings.LeaseName = "";

        Assert.Equal($"{Key}:LeaseName must not be empty.", Assert.Single(Errors(settings)));
    }

    [Fact]
    public void An_empty_lease_namespace_is_refused_with_its_default_explained()
    {
        var settings = Valid();
        settings.LeaseNamespace = "";

        Assert.Equal($"{Key}:LeaseNamespace must not be empty (its default is $POD_NAMESPACE, else default).", Assert.Single(Errors(settings)));
    }

    [Fact]
    public void An_empty_identity_is_refused_with_its_default_explained()
    {
        var settings = Valid();
        settings.Identity = "";

        Assert.Equal($"{Key}:Identity must not be empty (its default is $POD_NAME or the host name, with a random suffix).", Assert.Single(Errors(settings)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(15_500)]
    [InlineData(-15_000)]
    public void A_lease_duration_that_is_not_a_whole_number_of_seconds_of_at_least_one_is_refused(int milliseconds)
    {
        var settings = Valid();
        settings.LeaseDuration = TimeSpan.FromMilliseconds(milliseconds);
        settings.RenewDeadline = TimeSpan.FromMilliseconds(200);
        settings.RetryPeriod = TimeSpan.FromMilliseconds(100);

        var errors = Errors(settings);

        // The Lease carries whole seconds only: 15.5 s would be written as 15 s, shorter than the leader believes.
        Assert.Contains($"{Key}:LeaseDuration must be a whole number of seconds, at least 1 (was {settings.LeaseDuration}).", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith($"{Key}:RetryPeriod", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lease_duration_of_one_second_is_the_shortest_accepted()
    {
        var settings = Valid();
        settings.LeaseDuration = TimeSpan.FromSeconds(1);
        settings.RenewDeadline = TimeSpan.FromMilliseconds(800);
        settings.RetryPeriod = TimeSpan.FromMilliseconds(200);

        Assert.Empty(Errors(settings));
    }

    [Theory]
    [InlineData(15_000)]
    [InlineData(20_000)]
    [InlineData(0)]
    [InlineData(-1_000)]
    public void A_renew_deadline_that_is_not_above_zero_and_below_the_lease_duration_is_refused(int milliseconds)
    {
        var settings = Valid();
        settings.RenewDeadline = TimeSpan.FromMilliseconds(milliseconds);

        var errors = Errors(settings);

        // A leader that may keep renewing for a whole lease duration could still act while a follower takes over.
        Assert.Contains(
            $"{Key}:RenewDeadline must be greater than 0 and less than {Key}:LeaseDuration ({settings.LeaseDuration}) (was {settings.RenewDeadline}).",
            errors);
    }

    [Fact]
    public void A_renew_deadline_just_below_the_lease_duration_is_accepted()
    {
        var settings = Valid();
        settings.RenewDeadline = TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1);

        Assert.Empty(Errors(settings));
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(12_000)]
    [InlineData(0)]
    [InlineData(-2_000)]
    public void A_retry_period_that_is_not_above_zero_and_below_the_renew_deadline_is_refused(int milliseconds)
    {
        var settings = Valid();
        settings.RetryPeriod = TimeSpan.FromMilliseconds(milliseconds);

        var error = Assert.Single(Errors(settings));

        // A leader must get at least one renewal in before its deadline.
        Assert.Equal(
            $"{Key}:RetryPeriod must be greater than 0 and less than {Key}:RenewDeadline ({settings.RenewDeadline}) (was {settings.RetryPeriod}).",
            error);
    }

    [Fact]
    public void A_retry_period_of_one_tick_is_accepted()
    {
        var settings = Valid();
        settings.RetryPeriod = TimeSpan.FromTicks(1);

        Assert.Empty(Errors(settings));
    }

    [Fact]
    public void An_elector_with_invalid_settings_is_refused_before_it_touches_the_Lease()
    {
        var settings = Valid();
        settings.RenewDeadline = settings.LeaseDuration;
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

        var error = Assert.Throws<ArgumentException>(
            () => new LeaseLeaderElector(kubernetes, settings, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Contains("LeaderElectionSettings:RenewDeadline must be greater than 0 and less than", error.Message, StringComparison.Ordinal);
    }
}
