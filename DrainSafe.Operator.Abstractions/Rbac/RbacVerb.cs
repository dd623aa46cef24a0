namespace DrainSafe.Operator.Abstractions.Rbac;

/// <summary>The Kubernetes API verbs an RBAC rule grants; combine them with <c>|</c>.</summary>
[Flags]
public enum RbacVerb
{
    /// <summary>No verb.</summary>
    None = 0,

    /// <summary>Read one object.</summary>
    Get = 1 << 0,

    /// <summary>Read a collection.</summary>
    List = 1 << 1,

    /// <summary>Watch for changes.</summary>
    Watch = 1 << 2,

    /// <summary>Create an object (or POST to a subresource such as <c>pods/eviction</c>).</summary>
    Create = 1 << 3,

    /// <summary>Replace an object (PUT).</summary>
    Update = 1 << 4,

    /// <summary>Patch an object.</summary>
    Patch = 1 << 5,

    /// <summary>Delete an object.</summary>
    Delete = 1 << 6,

    /// <summary>Every verb, written as <c>*</c> in the generated rule. Avoid: least privilege.</summary>
    All = Get | List | Watch | Create | Update | Patch | Delete,
}
