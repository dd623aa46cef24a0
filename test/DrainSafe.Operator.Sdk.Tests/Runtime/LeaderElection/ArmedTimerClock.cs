using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary>
/// A fake clock that knows how many of its timers are armed, so a test can advance it only once the code
/// under test is waiting on it (an armed timer) instead of racing ahead of it.
/// </summary>
internal sealed class ArmedTimerClock(FakeTimeProvider fake) : TimeProvider
{
    private int armed;

    public int Armed => Volatile.Read(ref armed);

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public void Advance(TimeSpan delta) => fake.Advance(delta);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, period);
        timer.Arm(dueTime);
        timer.Inner = fake.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return timer;
    }

    private sealed class TrackedTimer(ArmedTimerClock clock, TimeSpan period) : ITimer
    {
        private readonly Lock gate = new();
        private bool isArmed;

        public ITimer? Inner { get; set; }

        public void Arm(TimeSpan dueTime) => Set(dueTime != Timeout.InfiniteTimeSpan);

        public void Fired()
        {
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
            {
                Set(false);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan newPeriod)
        {
            Set(dueTime != Timeout.InfiniteTimeSpan);
            return Inner!.Change(dueTime, newPeriod);
        }

        public void Dispose()
        {
            Set(false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Set(bool value)
        {
            lock (gate)
            {
                if (isArmed != value)
                {
                    isArmed = value;
                    Interlocked.Add(ref clock.armed, value ? 1 : -1);
                }
            }
        }
    }
}
