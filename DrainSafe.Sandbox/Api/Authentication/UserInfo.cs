namespace DrainSafe.Sandbox.Api.Authentication;

/// <summary>Who made a request, as a token authenticator reports it (Kubernetes' <c>user.Info</c>).</summary>
/// <param name="Username">The user's name, e.g. <c>system:serviceaccount:NAMESPACE:NAME</c>.</param>
/// <param name="Uid">The user's uid; empty when the authenticator has none.</param>
/// <param name="Groups">The groups the user is in.</param>
/// <param name="Extra">Extra attributes (a service account token's node and pod claims).</param>
public sealed record UserInfo(
    string Username,
    string Uid,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>The extra key of the node a pod-bound service account token was issued for.</summary>
    public const string NodeNameExtra = "authentication.kubernetes.io/node-name";

    /// <summary>The extra key of that node's uid.</summary>
    public const string NodeUidExtra = "authentication.kubernetes.io/node-uid";

    /// <summary>The extra key of the pod the token is bound to.</summary>
    public const string PodNameExtra = "authentication.kubernetes.io/pod-name";

    /// <summary>The extra key of that pod's uid.</summary>
    public const string PodUidExtra = "authentication.kubernetes.io/pod-uid";

    /// <summary>The extra key that identifies the token itself (<c>JTI=...</c>).</summary>
    public const string CredentialIdExtra = "authentication.kubernetes.io/credential-id";

    /// <summary>A request without credentials (the real server's anonymous user).</summary>
    public static readonly UserInfo Anonymous = new("system:anonymous", string.Empty, ["system:unauthenticated"],
        new Dictionary<string, IReadOnlyList<string>>());
}
