using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using DrainSafe.Agent.Options;
using DrainSafe.Operator.Options;
using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Packaging.Tests.Tools;
using static DrainSafe.Packaging.Tests.Tools.PodTemplates;

namespace DrainSafe.Packaging.Tests;

/// <summary>
/// Every option of the operator and the agent is a chart value whose default is the code's default, and the chart
/// turns each into the environment variable .NET configuration binds (<c>DrainSafe__X</c>, <c>Agent__X</c>).
/// </summary>
public sealed class ChartValuesOptionsTests
{
    // Per pod, not per chart: the DaemonSet sets NODE_NAME from spec.nodeName, which the agent reads when NodeName is unset.
    private static readonly string[] AgentOptionsNotInValues = [nameof(AgentOptions.NodeName)];

    public static TheoryData<string> OperatorOptions => [.. SettableProperties(typeof(DrainSafeOptions)).Select(p => p.Name)];

    public static TheoryData<string> AgentOptionNames => [.. SettableProperties(typeof(AgentOptions)).Select(p => p.Name).Except(AgentOptionsNotInValues)];

    [Theory]
    [MemberData(nameof(OperatorOptions))]
    public void Each_operator_option_is_a_value_with_the_code_default(string option) =>
        AssertValueIsDefault(ChartValues.Load()["operator"]!["options"]!.AsObject(), typeof(DrainSafeOptions), new DrainSafeOptions(), option);

    [Theory]
    [MemberData(nameof(AgentOptionNames))]
    public void Each_agent_option_is_a_value_with_the_code_default(string option) =>
        AssertValueIsDefault(ChartValues.Load()["agent"]!["options"]!.AsObject(), typeof(AgentOptions), new AgentOptions(), option);

    [Fact]
    public void Operator_runtime_values_have_the_runtime_defaults()
    {
        var runtime = ChartValues.Load()["operator"]!["runtime"]!.AsObject();
        var settings = new OperatorSettings();

        AssertValueIsDefault(runtime, typeof(OperatorSettings), settings, nameof(OperatorSettings.Workers));
        foreach (var key in runtime["leaderElection"]!.AsObject().Select(p => p.Key))
        {
            AssertValueIsDefault(runtime["leaderElection"]!.AsObject(), settings.LeaderElection.GetType(), settings.LeaderElection, Pascal(key));
        }

        AssertValueIsDefault(runtime["health"]!.AsObject(), settings.Health.GetType(), settings.Health, "Port");
    }

    [Fact]
    public void Values_hold_no_option_the_code_does_not_have()
    {
        var values = ChartValues.Load();

        Assert.Empty(values["operator"]!["options"]!.AsObject().Select(p => Pascal(p.Key)).Except(SettableProperties(typeof(DrainSafeOptions)).Select(p => p.Name)));
        Assert.Empty(values["agent"]!["options"]!.AsObject().Select(p => Pascal(p.Key)).Except(SettableProperties(typeof(AgentOptions)).Select(p => p.Name)));
    }

    [SkippableFact]
    public async Task Chart_sets_every_operator_and_agent_option_that_has_a_default_as_an_environment_variable()
    {
        var chart = await Renderings.HelmTemplateAsync();
        var operatorEnv = Env(chart.Single("Deployment", "drainsafe-operator"));
        var agentEnv = Env(chart.Single("DaemonSet", "drainsafe-agent"));

        foreach (var property in SettableProperties(typeof(DrainSafeOptions)).Where(p => Scalar(p.GetValue(new DrainSafeOptions())) is not null))
        {
            Assert.True(operatorEnv.ContainsKey($"{DrainSafeOptions.Section}__{property.Name}"), $"the operator gets no {DrainSafeOptions.Section}__{property.Name}");
        }

        foreach (var property in SettableProperties(typeof(AgentOptions)).Where(p => Scalar(p.GetValue(new AgentOptions())) is not null))
        {
            Assert.True(agentEnv.ContainsKey($"{AgentOptions.SectionName}__{property.Name}"), $"the agent gets no {AgentOptions.SectionName}__{property.Name}");
        }
    }

    private static void AssertValueIsDefault(JsonObject values, Type type, object defaults, string option)
    {
        var key = char.ToLowerInvariant(option[0]) + option[1..];
        Assert.True(values.ContainsKey(key), $"values.yaml has no {key} for {type.Name}.{option}");
        var property = type.GetProperty(option) ?? throw new InvalidOperationException($"{type.Name} has no property {option}");
        var expected = property.GetValue(defaults);
        if (expected is IDictionary dictionary)
        {
            Assert.True(dictionary.Count == 0 && values[key] is JsonObject { Count: 0 }, $"{key}: the code's default is empty, so the value must be {{}}");
            return;
        }

        Assert.Equal(Scalar(expected), (string?)values[key]);
    }

    // How the value reads in values.yaml: TimeSpans as "hh:mm:ss", booleans lower case.
    private static string? Scalar(object? value) => value switch
    {
        null => null,
        IDictionary { Count: 0 } => null,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Pascal(string key) => char.ToUpperInvariant(key[0]) + key[1..];

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic);
}
