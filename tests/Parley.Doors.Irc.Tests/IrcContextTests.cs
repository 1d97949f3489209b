using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core;
using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Core.Storage;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests;

public sealed class IrcContextTests : IDisposable
{
    private readonly Hub _hub = new(new HubOptions(), NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);
    private readonly HubLoop _loop;
    private readonly IrcDoor _door;

    public IrcContextTests()
    {
        _loop = new HubLoop(_hub, NullLogger<HubLoop>.Instance);
        _door = new IrcDoor(_loop, new IrcOptions(), new ConnectionOptions(), NullLoggerFactory.Instance);
    }

    public void Dispose()
    {
        _door.Dispose();
        _loop.Dispose();
    }

    [Fact]
    public async Task A_returned_context_serves_the_next_command_on_its_thread_with_nothing_of_the_last_one()
    {
        // A thread of its own, so that no other test's contexts are this thread's spare.
        await Task.Factory.StartNew(() =>
        {
            var alice = NewSession();
            alice.Caps = IrcCaps.LabeledResponse;
            var bob = NewSession();

            var first = IrcContext.Rent(_hub, alice, Parse("@label=a1 PING x"));
            first.Numeric("001", "hello");
            Assert.Equal("a1", first.Label);
            first.Flush();
            first.Return();

            var second = IrcContext.Rent(_hub, bob, Parse("PING y"));
            Assert.Same(first, second);
            Assert.Same(bob, second.Session);
            Assert.Equal("y", second.Param(0));
            Assert.Null(second.Label);
            Assert.Equal(0, second.Replies.Count);
            Assert.False(second.IsDeferred);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    [Fact]
    public async Task A_context_whose_replies_were_deferred_is_never_reused()
    {
        await Task.Factory.StartNew(() =>
        {
            var alice = NewSession();
            var deferred = IrcContext.Rent(_hub, alice, Parse("OPER root secret"));
            deferred.Defer();
            deferred.Flush();
            deferred.Return();

            var next = IrcContext.Rent(_hub, alice, Parse("PING z"));
            Assert.NotSame(deferred, next);
            Assert.Equal("OPER", deferred.Message.Command);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private IrcSession NewSession()
    {
        var pipe = new Pipe();
        return _door.CreateSession(new TestDuplexPipe(pipe.Reader, pipe.Writer), null);
    }

    private static IrcMessage Parse(string line)
    {
        Assert.Equal(IrcParseError.None, IrcParser.Parse(line, out var message));
        return message!;
    }
}
