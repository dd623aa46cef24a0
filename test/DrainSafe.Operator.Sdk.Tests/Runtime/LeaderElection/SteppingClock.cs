using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary>
/// A fake clock that knows its armed timers and when each falls due, so a test can move time exactly to the next
/// thing the code under test waits for, and only once it waits. It tells a sleep (<c>Task.Delay</c>) from a deadline
/// (a <see cref="CancellationTokenSource"/> that cancels after a time, the state such a timer is created with).
/// </summary>
internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider fake = new(start);
    private readonly Lock gate = new();
    private readonly HashSet<Tracked> armed = [];

    /// <summary>True while the code under test sleeps between attempts.</summary>
    public bool IsSleeping
    {
        get
        {
            lock (gate)
            {
                return armed.Any(t => !t.IsDeadline);
            }
        }
    }

    /// <summary>True while any timer is armed.</summary>
    public bool HasArmedTimer
    {
        get
        {
            lock (gate)
            {
                return armed.Count > 0;
            }
        }
    }

    /// <summary>When the earliest armed timer falls due, or null.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (gate)
            {
                return armed.Count == 0 ? null : armed.Min(t => t.DueAt);
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    /// <summary>Moves time on by <paramref name="delta"/>, firing what falls due.</summary>
    public void Advance(TimeSpan delta) => fake.SetUtcNow(fake.GetUtcNow() + delta);

    /// <summary>Moves time to the earliest armed timer's due time and fires it (and whatever else falls due then).</summary>
    public void AdvanceToNextTimer()
    {
        DateTimeOffset due;
        lock (gate)
        {
            due = armed.Count == 0 ? throw new InvalidOperationException("No timer is armed.") : armed.Min(t => t.DueAt);
        }

        var now = fake.GetUtcNow();
        fake.SetUtcNow(due > now ? due : now);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Tracked(this, state is CancellationTokenSource);
        timer.Set(dueTime);
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

    private sealed class Tracked(SteppingClock clock, bool isDeadline) : ITimer
    {
        public bool IsDeadline => isDeadline;

        public DateTimeOffset DueAt { get; private set; }

        public ITimer? Inner { get; set; }

        public void Set(TimeSpan dueTime)
        {
            lock (clock.gate)
            {
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    clock.armed.Remove(this);
                    return;
                }

                DueAt = clock.fake.GetUtcNow() + dueTime;
                clock.armed.Add(this);
            }
        }

        // Every timer here is one-shot (the elector's sleeps and deadlines are).
        public void Fired() => Set(Timeout.InfiniteTimeSpan);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Set(dueTime);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Set(Timeout.InfiniteTimeSpan);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
