using System.Text.Json;

namespace DrainSafe.Sandbox.Api.Errors;

/// <summary>A Kubernetes <c>Status</c> object as the API server answers it for failures and some successes.</summary>
/// <param name="Code">HTTP status code.</param>
/// <param name="Reason">Status reason (NotFound, AlreadyExists, Conflict, Invalid, ...); empty for none.</param>
/// <param name="Message">Human-readable message.</param>
public sealed record ApiStatus(int Code, string Reason, string Message)
{
    /// <summary>Name of the object the status is about, if any.</summary>
    public string? DetailsName { get; init; }

    /// <summary>API group of the object the status is about (empty for core).</summary>
    public string? DetailsGroup { get; init; }

    /// <summary>The kind field of the details: the resource plural, as the real server reports it.</summary>
    public string? DetailsKind { get; init; }

    /// <summary>The uid of the object the status is about (delete answers).</summary>
    public string? DetailsUid { get; init; }

    /// <summary>Causes listed in <c>details.causes</c>.</summary>
    public IReadOnlyList<StatusCause> Causes { get; init; } = [];

    /// <summary>A continue token in <c>metadata.continue</c> (the expired-continue answer's way on, inconsistent).</summary>
    public string? Continue { get; init; }

    /// <summary>True for a <c>status: Success</c> Status (for example the eviction answer).</summary>
    public bool IsSuccess { get; init; }

    /// <summary>Serializes the Status in the field order the real server uses.</summary>
    public byte[] ToJsonBytes()
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the Status object to a JSON writer.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "Status");
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartObject("metadata");
        if (Continue is not null)
        {
            writer.WriteString("continue", Continue);
        }

        writer.WriteEndObject();
        writer.WriteString("status", IsSuccess ? "Success" : "Failure");
        if (Message.Length > 0)
        {
            writer.WriteString("message", Message);
        }

        if (Reason.Length > 0)
        {
            writer.WriteString("reason", Reason);
        }

        if (DetailsName is not null || DetailsKind is not null || Causes.Count > 0)
        {
            writer.WriteStartObject("details");
            if (DetailsName is not null)
            {
                writer.WriteString("name", DetailsName);
            }

            if (!string.IsNullOrEmpty(DetailsGroup))
            {
                writer.WriteString("group", DetailsGroup);
            }

            if (DetailsKind is not null)
            {
                writer.WriteString("kind", DetailsKind);
            }

            if (DetailsUid is not null)
            {
                writer.WriteString("uid", DetailsUid);
            }

            if (Causes.Count > 0)
            {
                writer.WriteStartArray("causes");
                foreach (var cause in Causes)
                {
                    writer.WriteStartObject();
                    if (cause.Reason.Length > 0)
                    {
                        writer.WriteString("reason", cause.Reason);
                    }

                    writer.WriteString("message", cause.Message);
                    if (cause.Field is not null)
                    {
                        writer.WriteString("field", cause.Field);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("code", Code);
        writer.WriteEndObject();
    }
}
