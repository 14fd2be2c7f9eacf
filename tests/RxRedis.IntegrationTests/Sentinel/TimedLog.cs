using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace RxRedis.IntegrationTests.Sentinel;

/// <summary>A logger that keeps each entry with its time on the test's clock, so a test can place events in its timeline.</summary>
internal sealed class TimedLog(Stopwatch clock) : ILogger
{
    public sealed record Entry(TimeSpan At, EventId Id, string Message);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new Entry(clock.Elapsed, eventId, formatter(state, exception)));
}
