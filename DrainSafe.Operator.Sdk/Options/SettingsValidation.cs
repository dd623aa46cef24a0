using FluentValidation;

namespace DrainSafe.Operator.Sdk.Options;

/// <summary>Runs a settings validator where settings are handed over directly, outside the host's options (tests, tools).</summary>
public static class SettingsValidation
{
    /// <summary>Throws when <paramref name="settings"/> fails <paramref name="validator"/>, with every failure's message.</summary>
    /// <typeparam name="TSettings">The settings type.</typeparam>
    /// <param name="validator">The rules; each message names the setting and what it accepts.</param>
    /// <param name="settings">The settings to check.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public static void ThrowIfInvalid<TSettings>(IValidator<TSettings> validator, TSettings settings)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(settings);
        var result = validator.Validate(settings);
        if (!result.IsValid)
        {
            throw new ArgumentException(string.Join(" ", result.Errors.Select(e => e.ErrorMessage)), nameof(settings));
        }
    }
}
