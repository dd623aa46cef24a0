using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Tests.EndToEnd.Soak;

/// <summary>
/// The operator's and the agents' log lines of a soak, kept in a file named by <c>DRAINSAFE_SOAK_LOG</c> so that a
/// violation can be traced to the side that stopped acting. Lines are queued and written by one background writer.
/// </summary>
internal sealed class SoakLog : ILoggerProvider
{
    public const string Variable = "DRAINSAFE_SOAK_LOG";

    private readonly BlockingCollection<string> lines = new(new ConcurrentQueue<string>());
    private readonly Thread writer;

    private SoakLog(string path)
    {
        Path = path;
        writer = new Thread(() => Write(path)) { IsBackground = true, Name = "soak log" };
        writer.Start();
    }

    public string Path { get; }

    /// <summary>A log factory writing to the file the environment names, or null when it names none.</summary>
    public static ILoggerFactory? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var provider = new SoakLog(path);
        return LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning).AddProvider(provider));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.Split('.')[^1]);

    public void Dispose()
    {
        lines.CompleteAdding();
        writer.Join(TimeSpan.FromSeconds(5));
    }

    private void Write(string path)
    {
        using var file = new StreamWriter(path, append: true) { AutoFlush = false };
        foreach (var line in lines.GetConsumingEnumerable())
        {
            file.WriteLine(line);
            if (lines.Count == 0)
            {
                file.Flush();
            }
        }
    }

    private sealed class Logger(SoakLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!owner.lines.IsAddingCompleted)
            {
                owner.lines.TryAdd($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
