using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DrainSafe.Sandbox.Api.Authentication;

/// <summary>
/// Bearer tokens to users, like a real API server's token authenticators: the sandbox's admin token (the one its
/// kubeconfig carries) and service account tokens it issues. A request without credentials is anonymous; an unknown
/// token is refused (401). The sandbox authorizes every authenticated user (no RBAC); admission policies see the user.
/// </summary>
public sealed class TokenAuthenticator
{
    /// <summary>The admin token of the sandbox's kubeconfig and of <see cref="SandboxApiServer.CreateClientConfiguration()"/>.</summary>
    public const string AdminToken = "sandbox";

    /// <summary>The user the admin token authenticates as (in <c>system:masters</c>, like a cluster admin).</summary>
    public static readonly UserInfo Admin = new("sandbox-admin", "sandbox-admin", ["system:masters", "system:authenticated"],
        new Dictionary<string, IReadOnlyList<string>>());

    private readonly ConcurrentDictionary<string, UserInfo> _users = new(StringComparer.Ordinal);

    /// <summary>Creates an authenticator that knows the admin token.</summary>
    public TokenAuthenticator() => _users[AdminToken] = Admin;

    /// <summary>
    /// Issues a token for a service account, with the claims a pod-bound projected token carries (pod name and uid,
    /// node name and uid, credential id) in the user's extra; returns the bearer token.
    /// </summary>
    public string Issue(ServiceAccountToken account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var tokenId = Guid.NewGuid().ToString();
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [UserInfo.CredentialIdExtra] = [$"JTI={tokenId}"],
        };
        if (account.PodName is { } pod)
        {
            extra[UserInfo.PodNameExtra] = [pod];
            extra[UserInfo.PodUidExtra] = [Guid.NewGuid().ToString()];
        }

        if (account.NodeName is { } node)
        {
            extra[UserInfo.NodeNameExtra] = [node];
            extra[UserInfo.NodeUidExtra] = [Guid.NewGuid().ToString()];
        }

        var user = new UserInfo(account.Username, Guid.NewGuid().ToString(),
            ["system:serviceaccounts", $"system:serviceaccounts:{account.Namespace}", "system:authenticated"], extra);
        var token = "sa." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _users[token] = user;
        return token;
    }

    /// <summary>Withdraws a token issued before: requests carrying it are refused from now on.</summary>
    public void Revoke(string token)
    {
        if (token != AdminToken)
        {
            _users.TryRemove(token, out _);
        }
    }

    /// <summary>
    /// The user of a request's Authorization header: anonymous without one, the token's user for a known bearer
    /// token, null (401 Unauthorized) for anything else.
    /// </summary>
    public UserInfo? Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return UserInfo.Anonymous;
        }

        const string Bearer = "Bearer ";
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _users.GetValueOrDefault(authorization[Bearer.Length..].Trim());
    }
}
