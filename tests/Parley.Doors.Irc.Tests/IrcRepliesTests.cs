using System.Buffers;
using System.Text;

namespace Parley.Doors.Irc.Tests;

/// <summary>A command's replies: collected in one buffer, queued as one write, labeled per IRCv3 labeled-response.</summary>
public sealed class IrcRepliesTests
{
    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static IrcReplies ThreeLines()
    {
        var replies = new IrcReplies("srv");
        replies.Numeric("alice", "001", "Welcome");
        replies.AddRaw(Encoding.UTF8.GetBytes("@time=t1 :bob!b@h PRIVMSG #r :one\r\n:bob!b@h PRIVMSG #r :two\r\n"));
        return replies;
    }

    [Fact]
    public void Without_a_label_the_lines_are_queued_as_they_were_added()
    {
        var replies = ThreeLines();

        Assert.Equal(3, replies.Count);
        Assert.Equal(":srv 001 alice :Welcome\r\n@time=t1 :bob!b@h PRIVMSG #r :one\r\n:bob!b@h PRIVMSG #r :two\r\n",
            Text(replies.Build(null, canBatch: true)));
    }

    [Fact]
    public void A_label_goes_on_the_first_line_when_the_client_cannot_batch()
    {
        Assert.Equal("@label=L1 :srv 001 alice :Welcome\r\n@time=t1 :bob!b@h PRIVMSG #r :one\r\n:bob!b@h PRIVMSG #r :two\r\n",
            Text(ThreeLines().Build("L1", canBatch: false)));

        var tagged = new IrcReplies("srv");
        tagged.AddRaw(Encoding.UTF8.GetBytes("@time=t1 :bob!b@h PRIVMSG #r :one\r\n"));
        Assert.Equal("@label=L2;time=t1 :bob!b@h PRIVMSG #r :one\r\n", Text(tagged.Build("L2", canBatch: false)));
    }

    [Fact]
    public void Several_labeled_lines_go_in_a_labeled_response_batch_and_lines_with_a_batch_of_their_own_keep_it()
    {
        var replies = ThreeLines();
        replies.AddRaw(Encoding.UTF8.GetBytes("@batch=own :srv NOTICE alice :inner\r\n"), inBatch: true);

        var lines = Text(replies.Build("L3", canBatch: true)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var id = System.Text.RegularExpressions.Regex.Match(lines[0], "^@label=L3 :srv BATCH \\+(\\S+) labeled-response$").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Equal(
            [$"@batch={id} :srv 001 alice :Welcome", $"@batch={id};time=t1 :bob!b@h PRIVMSG #r :one",
             $"@batch={id} :bob!b@h PRIVMSG #r :two", "@batch=own :srv NOTICE alice :inner", $":srv BATCH -{id}"],
            lines[1..]);
    }

    [Fact]
    public void A_labeled_command_without_replies_is_acknowledged()
    {
        Assert.Equal("@label=L4 :srv ACK\r\n", Text(new IrcReplies("srv").Build("L4", canBatch: true)));
    }

    [Fact]
    public void Built_bytes_stay_as_they_were_when_more_lines_are_added_or_cleared()
    {
        var replies = ThreeLines();
        var first = replies.Build(null, canBatch: false);
        var copy = first.ToArray();

        replies.Numeric("alice", "002", "Again");
        Assert.Equal(1, replies.Count);
        replies.Clear();
        Assert.Equal(0, replies.Count);
        replies.Numeric("alice", "003", "Third");

        Assert.Equal(copy, first.ToArray());
        Assert.Equal(":srv 003 alice :Third\r\n", Text(replies.Build(null, canBatch: false)));
    }

    [Fact]
    public void Consecutive_commands_on_one_thread_share_a_buffer_without_sharing_bytes()
    {
        var first = ThreeLines().Build(null, canBatch: false);
        var second = new IrcReplies("srv");
        second.Numeric("bob", "002", "Again");
        var secondBytes = second.Build(null, canBatch: false);

        // The first reply was copied out before the buffer went to the next command, so it is intact.
        Assert.Equal(":srv 001 alice :Welcome\r\n@time=t1 :bob!b@h PRIVMSG #r :one\r\n:bob!b@h PRIVMSG #r :two\r\n", Text(first));
        Assert.Equal(":srv 002 bob :Again\r\n", Text(secondBytes));
    }

    [Fact]
    public void Replies_released_unsent_leave_nothing_behind_for_the_next_command()
    {
        var deferred = ThreeLines();
        deferred.Release();

        var next = new IrcReplies("srv");
        Assert.Equal(0, next.Count);
        Assert.True(next.Build(null, canBatch: false).IsEmpty);
    }

    [Fact]
    public void A_command_inside_another_gets_a_buffer_of_its_own()
    {
        var outer = new IrcReplies("srv");
        outer.Numeric("alice", "001", "Outer");
        var inner = new IrcReplies("srv");
        inner.Numeric("bob", "002", "Inner");

        Assert.Equal(":srv 002 bob :Inner\r\n", Text(inner.Build(null, canBatch: false)));
        outer.Numeric("alice", "003", "Still outer");
        Assert.Equal(":srv 001 alice :Outer\r\n:srv 003 alice :Still outer\r\n", Text(outer.Build(null, canBatch: false)));
    }

    [Fact]
    public void A_reply_bigger_than_the_retained_size_is_sent_whole_and_the_next_starts_small()
    {
        var big = new IrcReplies("srv");
        var text = new string('x', 400);
        var lines = (ReplyBuffer.MaxRetainedBytes / 400) + 10;
        for (var i = 0; i < lines; i++)
        {
            big.Numeric("alice", "372", text);
        }

        var bytes = big.Build(null, canBatch: false);
        Assert.Equal(lines, Text(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var rented = ReplyBuffer.Rent();
        Assert.True(rented.Bytes.Capacity <= ReplyBuffer.MaxRetainedBytes);
        ReplyBuffer.Return(rented);
    }

    [Fact]
    public void Lines_written_straight_to_the_writer_are_taken_one_by_one()
    {
        var replies = new IrcReplies("srv");
        replies.Numeric("alice", "001", "Welcome");
        var from = replies.Position;
        replies.Writer.Write(":bob!b@h PRIVMSG #r :one\r\n:bob!b@h PRIVMSG #r :two\r\n"u8);
        replies.AddWritten(from);

        Assert.Equal(3, replies.Count);
        var lines = Text(replies.Build("L5", canBatch: true)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length); // BATCH +, three lines, BATCH -
        Assert.All(lines[1..4], line => Assert.StartsWith("@batch=", line, StringComparison.Ordinal));
    }
}
