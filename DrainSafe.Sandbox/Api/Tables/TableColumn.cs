using System.Text.Json;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Tables;

/// <summary>A Table column: its definition and how to compute a row's cell at a given time (string, long, double, bool or null).</summary>
internal sealed record TableColumn(PrinterColumn Definition, Func<JsonElement, DateTimeOffset, object?> Cell);
