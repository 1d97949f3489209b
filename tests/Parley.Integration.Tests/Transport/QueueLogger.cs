using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Server.Transport;

namespace Parley.Integration.Tests.Transport;

/// <summary>A logger for the transport's classes that keeps every formatted line, for tests to look for.</summary>
internal sealed class QueueLogger(ConcurrentQueue<string> lines) : ILogger<LeanServer>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue(formatter(state, exception));
}
