using System.Net;
using FluentValidation;

namespace DrainSafe.Agent.Options;

/// <summary>
/// Checks <see cref="AgentOptions"/> at start. Each message names the setting as configuration spells it
/// (<c>Agent:PollInterval</c>) and the accepted range.
/// </summary>
public sealed class AgentOptionsValidator : AbstractValidator<AgentOptions>
{
    /// <summary>The shortest poll interval: IMDS admits about 5 requests per second per VM.</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Declares the rules.</summary>
    public AgentOptionsValidator()
    {
        RuleFor(o => o.NodeName).NotEmpty().OverridePropertyName(Setting(nameof(AgentOptions.NodeName)))
            .WithMessage($"{Setting(nameof(AgentOptions.NodeName))} is required: set it, or the environment variable {AgentOptions.NodeNameEnvironmentVariable} (downward API spec.nodeName).");
        RuleFor(o => o.VmName).Must(v => v is null || v.Trim().Length > 0).OverridePropertyName(Setting(nameof(AgentOptions.VmName)))
            .WithMessage($"{Setting(nameof(AgentOptions.VmName))} must be a VM name or unset (then IMDS is asked).");
        RuleFor(o => o.ImdsBaseUrl).Must(IsHttpUrl).OverridePropertyName(Setting(nameof(AgentOptions.ImdsBaseUrl)))
            .WithMessage(o => $"{Setting(nameof(AgentOptions.ImdsBaseUrl))} must be an absolute http(s) URL such as {AgentOptions.AzureImdsBaseUrl} (was '{o.ImdsBaseUrl}').");
        Range(o => o.PollInterval, nameof(AgentOptions.PollInterval), MinimumPollInterval, TimeSpan.FromMinutes(5));
        Range(o => o.ImdsRequestTimeout, nameof(AgentOptions.ImdsRequestTimeout), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Range(o => o.ImdsFirstCallTimeout, nameof(AgentOptions.ImdsFirstCallTimeout), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        RuleFor(o => o.ImdsFirstCallTimeout).GreaterThanOrEqualTo(o => o.ImdsRequestTimeout)
            .OverridePropertyName(Setting(nameof(AgentOptions.ImdsFirstCallTimeout)))
            .WithMessage(o => $"{Setting(nameof(AgentOptions.ImdsFirstCallTimeout))} must be at least {Setting(nameof(AgentOptions.ImdsRequestTimeout))} ({o.ImdsRequestTimeout}); was {o.ImdsFirstCallTimeout}.");
        Range(o => o.RetryInitialDelay, nameof(AgentOptions.RetryInitialDelay), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Range(o => o.RetryMaxDelay, nameof(AgentOptions.RetryMaxDelay), TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(30));
        RuleFor(o => o.RetryMaxDelay).GreaterThanOrEqualTo(o => o.RetryInitialDelay)
            .OverridePropertyName(Setting(nameof(AgentOptions.RetryMaxDelay)))
            .WithMessage(o => $"{Setting(nameof(AgentOptions.RetryMaxDelay))} must be at least {Setting(nameof(AgentOptions.RetryInitialDelay))} ({o.RetryInitialDelay}); was {o.RetryMaxDelay}.");
        Range(o => o.ImdsStaleAfter, nameof(AgentOptions.ImdsStaleAfter), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(o => o.WatchTimeout, nameof(AgentOptions.WatchTimeout), TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        RuleFor(o => o.HealthPort).InclusiveBetween(0, IPEndPoint.MaxPort).When(o => o.HealthPort is not null)
            .OverridePropertyName(Setting(nameof(AgentOptions.HealthPort)))
            .WithMessage(o => $"{Setting(nameof(AgentOptions.HealthPort))} must be between 0 (a free port) and {IPEndPoint.MaxPort}, or empty to serve no health port (was {o.HealthPort}).");
        RuleFor(o => o.HealthAddress).Must(a => IPAddress.TryParse(a, out _)).OverridePropertyName(Setting(nameof(AgentOptions.HealthAddress)))
            .WithMessage(o => $"{Setting(nameof(AgentOptions.HealthAddress))} must be an IP address such as 0.0.0.0 or 127.0.0.1 (was '{o.HealthAddress}').");
    }

    private static string Setting(string property) => $"{AgentOptions.SectionName}:{property}";

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private void Range(System.Linq.Expressions.Expression<Func<AgentOptions, TimeSpan>> property, string name, TimeSpan minimum, TimeSpan maximum)
    {
        RuleFor(property).InclusiveBetween(minimum, maximum).OverridePropertyName(Setting(name))
            .WithMessage($"{Setting(name)} must be between {minimum} and {maximum} (was {{PropertyValue}}).");
    }
}
