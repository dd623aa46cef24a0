using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using DrainSafe.Entities;
using DrainSafe.Entities.Serialization;
using k8s;

namespace DrainSafe.Entities.Tests;

public sealed class UnknownTolerantEnumConverterTests
{
    private static readonly Type[] AzureEnums = [typeof(ScheduledEventType), typeof(ScheduledEventStatus), typeof(ScheduledEventSource)];

    [Fact]
    public void Every_property_holding_an_Azure_enum_carries_the_tolerant_converter()
    {
        // KubernetesClient's global string-enum converter beats a converter on the enum type, so each property needs its own.
        var untolerant = typeof(NodeMaintenance).Assembly.GetTypes()
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => AzureEnums.Contains(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType))
            .Where(property => property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType
                != typeof(UnknownTolerantEnumConverter<>).MakeGenericType(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType))
            .Select(property => $"{property.DeclaringType!.Name}.{property.Name}");

        Assert.Empty(untolerant);
    }

    [Fact]
    public void Writing_an_undefined_value_writes_Unknown()
    {
        var json = KubernetesJson.Serialize(new ScheduledEvent { EventType = (ScheduledEventType)99 });

        Assert.Contains("\"eventType\":\"Unknown\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Objects_and_arrays_in_place_of_a_name_read_as_Unknown_and_the_rest_still_reads()
    {
        const string json = """{"eventId":"x","eventType":{"nested":[1,2]},"eventStatus":["Started"],"durationInSeconds":7}""";

        var scheduledEvent = KubernetesJson.Deserialize<ScheduledEvent>(json);

        Assert.Equal(ScheduledEventType.Unknown, scheduledEvent.EventType);
        Assert.Equal(ScheduledEventStatus.Unknown, scheduledEvent.EventStatus);
        Assert.Equal(7, scheduledEvent.DurationInSeconds);
    }

    [Fact]
    public void Plain_System_Text_Json_reads_the_same_way()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        var scheduledEvent = JsonSerializer.Deserialize<ScheduledEvent>("""{"eventType":"LiveMigrate","eventSource":"user"}""", options)!;

        Assert.Equal(ScheduledEventType.Unknown, scheduledEvent.EventType);
        Assert.Equal(ScheduledEventSource.User, scheduledEvent.EventSource);
    }

    [Fact]
    public void An_enum_without_Unknown_zero_is_refused_at_first_use()
    {
        var error = Assert.Throws<TypeInitializationException>(() => UnknownTolerantEnumConverter<DayOfWeek>.TryParse("Monday", out _));

        Assert.Contains("Unknown = 0", error.InnerException!.Message, StringComparison.Ordinal);
    }
}
