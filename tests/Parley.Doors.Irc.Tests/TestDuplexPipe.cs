using System.IO.Pipelines;

namespace Parley.Doors.Irc.Tests;

/// <summary>A session's transport made of two in-memory pipe ends, for tests that drive a session without a socket.</summary>
internal sealed class TestDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;
    public PipeWriter Output { get; } = output;
}
