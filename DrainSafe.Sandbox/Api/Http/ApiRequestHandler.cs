using DrainSafe.Sandbox.Api.Authentication;
using DrainSafe.Sandbox.Api.Discovery;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Faults;
using DrainSafe.Sandbox.Api.OpenApi;
using DrainSafe.Sandbox.Api.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.Api.Http;

/// <summary>The single entry point: fault injection, authentication, routing to discovery, OpenAPI or resources, and errors as Status.</summary>
internal sealed partial class ApiRequestHandler(
    ObjectStore store,
    ApiFaults faults,
    TokenAuthenticator authentication,
    SandboxApiServerOptions options,
    ResourceRequestHandler resources,
    Func<string> serverAddress,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var query = request.QueryString.Value ?? string.Empty;
        try
        {
            var latency = faults.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, options.Time, context.RequestAborted).ConfigureAwait(false);
            }

            if (faults.TakeFailure(request.Method, path + query) is { } failure)
            {
                if (ReferenceEquals(failure, ApiFaults.Hang))
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, options.Time, context.RequestAborted).ConfigureAwait(false);
                }

                await Responses.WriteStatusAsync(context, failure).ConfigureAwait(false);
            }
            else if (authentication.Authenticate(request.Headers.Authorization.ToString()) is { } user)
            {
                await RouteAsync(context, path, user).ConfigureAwait(false);
            }
            else
            {
                await Responses.WriteStatusAsync(context, ApiErrors.Unauthorized).ConfigureAwait(false);
            }
        }
        catch (ApiException ex)
        {
            if (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, ex.Status).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnexpected(logger, request.Method, path, ex);
            if (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, new ApiStatus(500, "InternalError", $"Internal error occurred: {ex.Message}"))
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            faults.Record(new RecordedRequest(request.Method, path, query, context.Response.StatusCode, RequestOptions.IsWatch(request)));
        }
    }

    private Task RouteAsync(HttpContext context, string path, UserInfo user)
    {
        var segments = path.Trim('/').Split('/');
        var registry = store.Resources;
        switch (segments)
        {
            case ["version"]:
                return Responses.WriteJsonAsync(context, 200, w => DiscoveryDocuments.WriteVersion(w, options.KubernetesVersion));
            case ["healthz" or "readyz" or "livez", ..]:
                return Responses.WriteTextAsync(context, 200, "ok");
            case ["api"]:
                return Responses.WriteJsonAsync(context, 200, w => DiscoveryDocuments.WriteCoreVersions(w, serverAddress()));
            case ["apis"]:
                return Responses.WriteJsonAsync(context, 200, w => DiscoveryDocuments.WriteGroupList(w, registry));
            case ["api", var version]:
                return WriteIfServed(context, w => DiscoveryDocuments.TryWriteResourceList(w, registry, string.Empty, version));
            case ["apis", var group]:
                return WriteIfServed(context, w => DiscoveryDocuments.TryWriteGroup(w, registry, group));
            case ["apis", var group, var version]:
                return WriteIfServed(context, w => DiscoveryDocuments.TryWriteResourceList(w, registry, group, version));
            case ["openapi", "v3"]:
                return Responses.WriteJsonAsync(context, 200, w => OpenApiDocuments.WriteIndex(w, registry));
            case ["openapi", "v3", .. var rest]:
                return WriteIfServed(context, w => OpenApiDocuments.TryWriteDocument(w, registry, string.Join('/', rest), options.KubernetesVersion));
            case ["api", var version, .. var rest]:
                return ResourceAsync(context, ResourcePath.Parse(string.Empty, version, rest), user);
            case ["apis", var group, var version, .. var rest]:
                return ResourceAsync(context, ResourcePath.Parse(group, version, rest), user);
            default:
                throw ApiErrors.PathNotFound();
        }
    }

    private Task ResourceAsync(HttpContext context, ResourcePath? path, UserInfo user) =>
        path is null ? throw ApiErrors.PathNotFound() : resources.HandleAsync(context, path, user);

    private static async Task WriteIfServed(HttpContext context, Func<System.Text.Json.Utf8JsonWriter, bool> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        bool served;
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            served = write(writer);
        }

        if (!served)
        {
            throw ApiErrors.PathNotFound();
        }

        await Responses.WriteJsonAsync(context, 200, buffer.WrittenMemory).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
