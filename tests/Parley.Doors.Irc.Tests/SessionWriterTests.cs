using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core;
using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Doors.Irc.Tests;

/// <summary>The session's writer (it runs only while bytes are queued) over in-memory pipes, where a test controls the peer.</summary>
public sealed class SessionWriterTests : IDisposable
{
    private readonly Hub _hub = new(new HubOptions(), NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);
    private readonly HubLoop _loop;

    public SessionWriterTests()
    {
        _loop = new HubLoop(_hub, NullLogger<HubLoop>.Instance);
        _loop.Start();
    }

    public void Dispose() => _loop.Dispose();

    [Fact]
    public async Task Bytes_queued_after_the_writer_went_idle_are_written_and_a_quit_ends_the_run()
    {
        using var door = new IrcDoor(_loop, new IrcOptions(), new ConnectionOptions(), NullLoggerFactory.Instance);
        var toServer = new Pipe();
        var toClient = new Pipe();
        var session = door.CreateSession(new TestDuplexPipe(toServer.Reader, toClient.Writer), null);
        var run = session.RunAsync();

        await toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes("NICK alice\r\nUSER alice 0 * :Alice\r\n"));
        Assert.Contains(" 001 alice ", await ReadUntilAsync(toClient.Reader, " 376 "));

        // The writer went idle after the first reply; a later one wakes it again.
        await toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes("PING second\r\nQUIT :bye\r\n"));
        var rest = await ReadUntilAsync(toClient.Reader, "ERROR");
        Assert.Contains("PONG", rest);
        Assert.Contains("second", rest);
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_closing_session_whose_peer_does_not_read_is_cut_after_the_close_timeout()
    {
        var options = new ConnectionOptions { CloseTimeout = TimeSpan.FromMilliseconds(200) };
        using var door = new IrcDoor(_loop, new IrcOptions(), options, NullLoggerFactory.Instance);
        var toServer = new Pipe();

        // The peer never reads: a flush waits once 64 bytes are unread.
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32));
        var session = door.CreateSession(new TestDuplexPipe(toServer.Reader, toClient.Writer), null);
        var run = session.RunAsync();

        // The welcome burst alone passes the threshold: the flush never completes, and without the timeout the
        // session would wait for this peer forever.
        await toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes("NICK alice\r\nUSER alice 0 * :Alice\r\nQUIT :bye\r\n"));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Quit: bye", session.CloseReason);
    }

    private static async Task<string> ReadUntilAsync(PipeReader reader, string text)
    {
        var seen = new StringBuilder();
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            foreach (var segment in result.Buffer)
            {
                seen.Append(Encoding.ASCII.GetString(segment.Span));
            }

            reader.AdvanceTo(result.Buffer.End);
            if (seen.ToString().Contains(text, StringComparison.Ordinal) || result.IsCompleted)
            {
                return seen.ToString();
            }
        }
    }
}
