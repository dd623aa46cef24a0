using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>The controller service across leadership terms that the test starts and ends.</summary>
[Collection(RuntimeSandboxCollection.Name)]
public sealed class ControllerTermTests
{
    private const int StoppedReconciling = 2102;
    private const int PipelineFailed = 2104;

    [Fact]
    public async Task A_request_that_fails_as_its_term_ends_leaves_the_controller_running_for_the_next_term()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var leadership = new ScriptedLeadership();
        var abort = new AbortFirstPatch();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            configure: settings => settings.KubernetesClientFactory = _ => new Kubernetes(cluster.Server.CreateClientConfiguration(), abort),
            register: runtime =>
            {
                runtime.AddFinalizer<WidgetFinalizer, Widget>();
                runtime.Services.AddSingleton<ILeadership>(leadership);
            });

        leadership.StartTerm();
        await cluster.CreateAsync("w1");
        // The pipeline's own request (attaching the finalizer) is in flight when the term ends.
        await abort.InFlight.WaitAsync(Eventually.DefaultTimeout);
        leadership.EndTerm();
        await Eventually.HoldsAsync(() => op.Logs.Contains(StoppedReconciling), "the term's work stops", () => op.Diagnostics);

        leadership.StartTerm();
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "the next term reconciles w1", () => op.Diagnostics);
        Assert.Single((await cluster.GetAsync("w1")).Metadata.Finalizers ?? []);
        // A failure the term's end caused is not a pipeline failure to retry in a term that no longer runs.
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
    }

    /// <summary>
    /// Holds the first PATCH until its request is cancelled, then answers it with a 500 as if the answer had crossed the
    /// cancellation: the client then fails with an API error, not an <see cref="OperationCanceledException"/>.
    /// </summary>
    private sealed class AbortFirstPatch : DelegatingHandler
    {
        private readonly TaskCompletionSource inFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int patches;

        public Task InFlight => inFlight.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Patch && Interlocked.Increment(ref patches) == 1)
            {
                inFlight.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                return new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)
                {
                    RequestMessage = request,
                    Content = new StringContent(
                        """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd went away","code":500}""",
                        System.Text.Encoding.UTF8,
                        "application/json"),
                };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
