using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>What a node's rules see: its value, its schema, and the correlated old value on update.</summary>
internal sealed record RuleScope(JsonNode Self, SchemaNode Schema, bool IsResourceRoot, JsonNode? OldSelf, bool HasOldSelf);
