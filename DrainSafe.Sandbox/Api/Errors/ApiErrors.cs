using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Errors;

/// <summary>The Status errors a real API server answers, with its exact messages.</summary>
public static class ApiErrors
{
    /// <summary>404 NotFound: <c>pods "x" not found</c>.</summary>
    public static ApiException NotFound(ResourceType resource, string name) => new(
        new ApiStatus(404, "NotFound", $"{resource.GroupResource} \"{name}\" not found")
        {
            DetailsName = name, DetailsGroup = resource.Group, DetailsKind = resource.Plural,
        });

    /// <summary>404 NotFound for a path the server does not serve.</summary>
    public static ApiException PathNotFound() =>
        new(new ApiStatus(404, "NotFound", "the server could not find the requested resource") { DetailsKind = null });

    /// <summary>409 AlreadyExists.</summary>
    public static ApiException AlreadyExists(ResourceType resource, string name) => new(
        new ApiStatus(409, "AlreadyExists", $"{resource.GroupResource} \"{name}\" already exists")
        {
            DetailsName = name, DetailsGroup = resource.Group, DetailsKind = resource.Plural,
        });

    /// <summary>409 Conflict on a stale resourceVersion.</summary>
    public static ApiException Conflict(ResourceType resource, string name) => Conflict(resource, name,
        "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>409 Conflict with a specific reason (for example a failed precondition).</summary>
    public static ApiException Conflict(ResourceType resource, string name, string why) => new(
        new ApiStatus(409, "Conflict", $"Operation cannot be fulfilled on {resource.GroupResource} \"{name}\": {why}")
        {
            DetailsName = name, DetailsGroup = resource.Group, DetailsKind = resource.Plural,
        });

    /// <summary>422 Invalid listing every cause: <c>Kind.group "name" is invalid: [field: message, ...]</c>.</summary>
    public static ApiException Invalid(ResourceType resource, string name, IReadOnlyList<StatusCause> causes)
    {
        var listed = causes.Select(c => c.Field is null ? c.Message : $"{c.Field}: {c.Message}").ToList();
        var summary = listed.Count == 1 ? listed[0] : $"[{string.Join(", ", listed)}]";
        return new ApiException(new ApiStatus(422, "Invalid", $"{resource.GroupKind} \"{name}\" is invalid: {summary}")
        {
            DetailsName = name, DetailsGroup = resource.Group, DetailsKind = resource.Kind, Causes = causes,
        });
    }

    /// <summary>422 Invalid for one field.</summary>
    public static ApiException Invalid(ResourceType resource, string name, string reason, string field, string message) =>
        Invalid(resource, name, [new StatusCause(reason, message, field)]);

    /// <summary>422 Invalid about request options: <c>ListOptions.meta.k8s.io "" is invalid: field: message</c>.</summary>
    public static ApiException InvalidOptions(string kind, IReadOnlyList<StatusCause> causes)
    {
        var listed = causes.Select(c => c.Field is null ? c.Message : $"{c.Field}: {c.Message}").ToList();
        var summary = listed.Count == 1 ? listed[0] : $"[{string.Join(", ", listed)}]";
        return new ApiException(new ApiStatus(422, "Invalid", $"{kind}.meta.k8s.io \"\" is invalid: {summary}")
        {
            DetailsName = string.Empty, DetailsGroup = "meta.k8s.io", DetailsKind = kind, Causes = causes,
        });
    }

    /// <summary>410 Expired for a list at a resourceVersion older than the kept history.</summary>
    public static ApiException ListTooOld() =>
        new(new ApiStatus(410, "Expired", "The resourceVersion for the provided list is too old."));

    /// <summary>
    /// 410 Expired for the next page of a list whose first page's resourceVersion was compacted away, with the token
    /// that goes on from the same place at the newest version (<paramref name="inconsistentContinue"/>).
    /// </summary>
    public static ApiException ContinueTooOld(string inconsistentContinue) => new(new ApiStatus(410, "Expired",
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue "
        + "parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided "
        + "token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was "
        + "returned and now may show up in the list.")
    {
        Continue = inconsistentContinue,
    });

    /// <summary>504 Timeout for a read at a resourceVersion the server has not reached.</summary>
    public static ApiException ResourceVersionTooLarge(long requested, long current) => new(
        new ApiStatus(504, "Timeout", $"Too large resource version: {requested}, current: {current}")
        {
            Causes = [new StatusCause("ResourceVersionTooLarge", "Too large resource version", null)],
        });

    /// <summary>400 BadRequest.</summary>
    public static ApiException BadRequest(string message) => new(new ApiStatus(400, "BadRequest", message));

    /// <summary>401 Unauthorized, the answer to a request whose credentials no authenticator accepts.</summary>
    public static readonly ApiStatus Unauthorized = new(401, "Unauthorized", "Unauthorized");

    /// <summary>403 Forbidden.</summary>
    public static ApiException Forbidden(ResourceType resource, string name, string why) => new(
        new ApiStatus(403, "Forbidden", $"{resource.GroupResource} \"{name}\" is forbidden: {why}")
        {
            DetailsName = name, DetailsGroup = resource.Group, DetailsKind = resource.Plural,
        });

    /// <summary>405 MethodNotAllowed.</summary>
    public static ApiException MethodNotAllowed() => new(
        new ApiStatus(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));

    /// <summary>415 UnsupportedMediaType.</summary>
    public static ApiException UnsupportedMediaType(string message) => new(new ApiStatus(415, "UnsupportedMediaType", message));

    /// <summary>404 for a missing namespace on create: <c>namespaces "x" not found</c>.</summary>
    public static ApiException NamespaceNotFound(string @namespace) => NotFound(BuiltInResources.Namespaces, @namespace);

    /// <summary>A Status for an arbitrary code, as fault injection answers.</summary>
    public static ApiStatus ForCode(int code, string? message = null)
    {
        var reason = code switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            409 => "Conflict",
            410 => "Expired",
            415 => "UnsupportedMediaType",
            422 => "Invalid",
            429 => "TooManyRequests",
            500 => "InternalError",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => string.Empty,
        };
        return new ApiStatus(code, reason, message ?? $"injected failure ({code})");
    }
}
