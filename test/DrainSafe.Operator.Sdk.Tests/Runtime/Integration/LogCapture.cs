using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>Keeps every log line of one host, for assertions on what the runtime reported and for timeout diagnostics.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(DateTimeOffset At, int EventId, LogLevel Level, string Message)> lines = new();

    public bool Contains(int eventId) => lines.Any(l => l.EventId == eventId);

    public int CountOf(int eventId) => lines.Count(l => l.EventId == eventId);

    public IReadOnlyList<string> MessagesOf(int eventId) => lines.Where(l => l.EventId == eventId).Select(l => l.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public override string ToString() =>
        string.Join('\n', lines.TakeLast(60).Select(l => $"{l.At:HH:mm:ss.fff} [{l.Level}] ({l.EventId}) {l.Message}"));

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.lines.Enqueue((DateTimeOffset.UtcNow, eventId.Id, logLevel, formatter(state, exception) + (exception is null ? string.Empty : $" [{exception.GetType().Name}: {exception.Message}]")));
    }
}
