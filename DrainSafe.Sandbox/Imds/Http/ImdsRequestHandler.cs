using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>
/// Answers one HTTP request the way Azure IMDS does, in Azure's order of checks: the VM's own state (latency,
/// warm-up, down), the rate limit, the Metadata header, the api-version, the method, injected faults, then the answer.
/// </summary>
internal sealed class ImdsRequestHandler(ImdsSimulator simulator, CancellationToken serverStopping)
{
    private const int MaxApprovalBodyBytes = 64 * 1024;
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string TextContentType = "text/plain; charset=utf-8";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (!ImdsPaths.TryParse(request.Path.Value ?? "", out var vmName, out var route))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "Not found. A simulated VM's IMDS lives under /vm/{vmName}/metadata/.", cancellationToken);
            return;
        }

        var vm = simulator.BeginRequest(vmName, out var delay);
        if (vm is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Not found. No VM named '{vmName}' in the simulated IMDS.", cancellationToken);
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            await WaitAsync(vm, delay, cancellationToken);
        }

        if (simulator.IsDown(vm))
        {
            // A rebooting or deleted VM answers nothing: the caller sees a dropped connection.
            context.Abort();
            return;
        }

        if (!simulator.TryAdmit(vm))
        {
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests. Call IMDS at most 5 times per second.", cancellationToken);
            return;
        }

        if (route == ImdsRoute.Unknown)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "Not found.", cancellationToken);
            return;
        }

        if (await RejectBadRequestAsync(context, route, cancellationToken))
        {
            return;
        }

        var isDocumentRead = route == ImdsRoute.ScheduledEvents && HttpMethods.IsGet(request.Method);
        var fault = simulator.TakeFault(vm, isDocumentRead);
        if (fault is { Kind: FaultKind.Status } statusFault)
        {
            await WriteErrorAsync(context, statusFault.StatusCode, ReasonPhrases.GetReasonPhrase(statusFault.StatusCode), cancellationToken);
            return;
        }

        if (route == ImdsRoute.ComputeName)
        {
            await WriteAsync(context, StatusCodes.Status200OK, TextContentType, System.Text.Encoding.UTF8.GetBytes(vm.Name), cancellationToken);
        }
        else if (isDocumentRead)
        {
            var json = simulator.DocumentJson(vm, DocumentShapes.ForApiVersion(request.Query["api-version"].ToString()));
            var body = fault?.Kind switch
            {
                FaultKind.EmptyBody => ReadOnlyMemory<byte>.Empty,
                FaultKind.TruncatedBody => json.AsMemory(0, Math.Max(1, json.Length / 2)),
                FaultKind.GivenBody => fault.Value.Body.AsMemory(),
                _ => json.AsMemory(),
            };
            await WriteAsync(context, StatusCodes.Status200OK, JsonContentType, body, cancellationToken);
            if (fault is null)
            {
                simulator.DocumentServed(vm);
            }
        }
        else
        {
            await ApproveAsync(context, vm, cancellationToken);
        }
    }

    private static async Task<bool> RejectBadRequestAsync(HttpContext context, ImdsRoute route, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!string.Equals(request.Headers["Metadata"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. Required metadata header not specified.", cancellationToken);
            return true;
        }

        if (request.Headers.ContainsKey("X-Forwarded-For"))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. IMDS does not accept requests with an X-Forwarded-For header: call it without a proxy.", cancellationToken);
            return true;
        }

        var (versions, newest) = route == ImdsRoute.ScheduledEvents
            ? (ImdsApiVersions.ScheduledEvents, ImdsApiVersions.NewestScheduledEvents)
            : (ImdsApiVersions.Instance, ImdsApiVersions.NewestInstance);
        var apiVersion = request.Query["api-version"];
        if (apiVersion.Count == 0 || string.IsNullOrEmpty(apiVersion.ToString()))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. api-version was not specified in the request.", cancellationToken, newest);
            return true;
        }

        if (apiVersion.Count > 1 || !versions.Contains(apiVersion.ToString()))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. api-version is invalid.", cancellationToken, newest);
            return true;
        }

        var allowed = route == ImdsRoute.ScheduledEvents ? "GET, POST" : "GET";
        if (!HttpMethods.IsGet(request.Method) && !(route == ImdsRoute.ScheduledEvents && HttpMethods.IsPost(request.Method)))
        {
            context.Response.Headers.Allow = allowed;
            await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed.", cancellationToken);
            return true;
        }

        if (route == ImdsRoute.ComputeName && !string.Equals(request.Query["format"].ToString(), "text", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. A leaf value is served only with format=text.", cancellationToken);
            return true;
        }

        return false;
    }

    private async Task WaitAsync(SimulatedVm vm, TimeSpan delay, CancellationToken requestAborted)
    {
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, serverStopping);
        var wait = Task.Delay(delay, simulator.Time, stopOrAbort.Token);

        // Counted only once the delay's timer exists, so a test that sees the count can move the clock safely.
        vm.CountWaiting(1);
        try
        {
            await wait;
        }
        finally
        {
            vm.CountWaiting(-1);
        }
    }

    private async Task ApproveAsync(HttpContext context, SimulatedVm vm, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null || !StartRequestsBody.TryParse(body.WrittenMemory, out var eventIds))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, """Bad request. The body must be {"StartRequests":[{"EventId":"..."}]}.""", cancellationToken);
            return;
        }

        if (simulator.Approve(vm, eventIds) == ApprovalOutcome.UnknownEvent)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. Every EventId must be an event in this VM's document.", cancellationToken);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    private static async Task<ArrayBufferWriter<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxApprovalBodyBytes)
            {
                return null;
            }
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string message, CancellationToken cancellationToken, IReadOnlyList<string>? newestVersions = null) =>
        WriteAsync(context, statusCode, JsonContentType, ScheduledEventsJson.Error(message, newestVersions), cancellationToken);

    private static async Task WriteAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!body.IsEmpty)
        {
            await context.Response.Body.WriteAsync(body, cancellationToken);
        }
    }
}
