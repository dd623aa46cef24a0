using DrainSafe.Entities;
using k8s.Models;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>Sets <c>status.conditions</c> the metav1.Condition way: the transition time moves only when the status flips.</summary>
public static class MaintenanceConditions
{
    /// <summary>Sets condition <paramref name="type"/> on <paramref name="status"/>.</summary>
    /// <param name="status">The status to change.</param>
    /// <param name="type">The condition type (<see cref="MaintenanceConditionTypes"/>).</param>
    /// <param name="value">True or false.</param>
    /// <param name="reason">A CamelCase reason.</param>
    /// <param name="message">A sentence for people.</param>
    /// <param name="now">The time.</param>
    /// <param name="generation">The generation the condition was computed from.</param>
    public static void Set(NodeMaintenanceStatus status, string type, bool value, string reason, string message, DateTimeOffset now, long? generation)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = value ? "True" : "False";
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null && existing.Status == text && existing.Reason == reason && existing.Message == message
            && existing.ObservedGeneration == generation)
        {
            return;
        }

        var transition = existing is not null && existing.Status == text ? existing.LastTransitionTime : now.UtcDateTime;
        var condition = new V1Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            LastTransitionTime = transition,
            ObservedGeneration = generation,
        };
        status.Conditions = status.Conditions.Where(c => c.Type != type).Append(condition).OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
    }
}
