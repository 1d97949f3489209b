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
}
