using System.Net;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Sandbox.Tests.Imds;

public sealed class ImdsRateLimitTests
{
    [Fact]
    public async Task Calls_above_five_per_second_get_429_and_the_vm_recovers_a_second_later()
    {
        await using var world = await ImdsTestWorld.StartAsync(new ImdsOptions(), "vm1", "vm2");

        for (var call = 0; call < 5; call++)
        {
            using var admitted = await world.GetAsync("vm1");
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }

        using (var throttled = await world.GetAsync("vm1"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        using (var otherVm = await world.GetAsync("vm2"))
        {
            Assert.Equal(HttpStatusCode.OK, otherVm.StatusCode);
        }

        Assert.Equal(1, world.Simulator.GetVmStats("vm1").Throttled);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        using var recovered = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task The_window_slides_rather_than_resetting_each_second()
    {
        await using var world = await ImdsTestWorld.StartAsync(new ImdsOptions(), "vm1");
        for (var call = 0; call < 3; call++)
        {
            (await world.GetAsync("vm1")).Dispose();
        }

        world.Clock.Advance(TimeSpan.FromMilliseconds(600));
        for (var call = 0; call < 2; call++)
        {
            (await world.GetAsync("vm1")).Dispose();
        }

        world.Clock.Advance(TimeSpan.FromMilliseconds(400));
        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call < 4; call++)
        {
            using var response = await world.GetAsync("vm1");
            statuses.Add(response.StatusCode);
        }

        // The three calls of t=0 have left the window; the two of t=0.6 s are still in it.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Compute_name_calls_share_the_vms_budget()
    {
        await using var world = await ImdsTestWorld.StartAsync(new ImdsOptions { RequestsPerWindow = 2 }, "vm1");

        (await world.GetAsync("vm1", "metadata/instance/compute/name?api-version=2021-02-01&format=text")).Dispose();
        (await world.GetAsync("vm1", "metadata/instance/compute/name?api-version=2021-02-01&format=text")).Dispose();
        using var document = await world.GetAsync("vm1");

        Assert.Equal(HttpStatusCode.TooManyRequests, document.StatusCode);
    }
}
