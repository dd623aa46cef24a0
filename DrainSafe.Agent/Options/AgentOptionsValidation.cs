using Microsoft.Extensions.Options;

namespace DrainSafe.Agent.Options;

/// <summary>Runs <see cref="AgentOptionsValidator"/> where Microsoft.Extensions.Options validates (at start, with ValidateOnStart).</summary>
internal sealed class AgentOptionsValidation : IValidateOptions<AgentOptions>
{
    private readonly AgentOptionsValidator validator = new();

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
