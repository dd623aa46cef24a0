using FluentValidation;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Options;

/// <summary>Runs a FluentValidation validator as an options validator, so that a bad setting stops the host at start.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="validator">The validator.</param>
public sealed class FluentValidateOptions<TOptions>(IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = validator.Validate(options);
        return result.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
