namespace DrainSafe.Sandbox.Api.Tables;

/// <summary>What each Table row carries in <c>object</c> (the <c>includeObject</c> query parameter).</summary>
public enum IncludeObject
{
    /// <summary>PartialObjectMetadata (the default).</summary>
    Metadata,

    /// <summary>The whole object.</summary>
    Object,

    /// <summary>Nothing.</summary>
    None,
}
