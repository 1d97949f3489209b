using System.Buffers;
using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

public class IrcLineReaderTests
{
    /// <summary>Feeds the chunks one read at a time, keeping unconsumed bytes as a pipe would.</summary>
    private static List<(IrcMessage? Message, IrcParseError Error)> ReadAll(IrcLineReader reader, params byte[][] reads)
    {
        var results = new List<(IrcMessage?, IrcParseError)>();
        var pending = Array.Empty<byte>();
        foreach (var read in reads)
        {
            // The pending bytes stay a separate segment, like a pipe's unconsumed tail.
            var buffer = pending.Length == 0 ? Segments.Of(read) : Segments.Of(pending, read);
            while (true)
            {
                var status = reader.TryRead(ref buffer, out var message, out var error);
                if (status == OperationStatus.NeedMoreData)
                {
                    break;
                }

                Assert.Equal(status == OperationStatus.Done, error == IrcParseError.None);
                results.Add((message, error));
            }

            pending = buffer.ToArray();
        }

        return results;
    }

    private static List<(IrcMessage? Message, IrcParseError Error)> ReadAll(params string[] reads) =>
        ReadAll(new IrcLineReader(), reads.Select(r => Encoding.UTF8.GetBytes(r)).ToArray());

    [Fact]
    public void Crlf_and_bare_lf_lines_in_one_buffer()
    {
        var results = ReadAll("NICK a\r\nUSER u 0 * :R N\nPING x\r\n");
        Assert.Equal(["NICK", "USER", "PING"], results.Select(r => r.Message!.Command));
        Assert.Equal("R N", results[1].Message!.Parameters[3]);
        Assert.Equal("x", results[2].Message!.Parameters[0]);
    }

    [Fact]
    public void Empty_lines_are_skipped()
    {
        var results = ReadAll("\r\n\n  \r\nPING x\n\n");
        Assert.Single(results);
        Assert.Equal("PING", results[0].Message!.Command);
    }

    [Fact]
    public void Incomplete_line_waits_and_is_kept()
    {
        var reader = new IrcLineReader();
        var buffer = Segments.Of("PING x\r\nPRIVMSG #a :hel");
        Assert.Equal(OperationStatus.Done, reader.TryRead(ref buffer, out _, out _));
        Assert.Equal(OperationStatus.NeedMoreData, reader.TryRead(ref buffer, out _, out _));
        Assert.Equal("PRIVMSG #a :hel", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Line_split_across_reads_and_segments()
    {
        var results = ReadAll("@time=2024-01-01T00:0", "0:00Z :nick!u@h PRIV", "MSG #a :hello wo", "rld\r", "\nPING y\n");
        Assert.Equal(2, results.Count);
        var m = results[0].Message!;
        Assert.Equal("2024-01-01T00:00:00Z", m.Tags[0].Value);
        Assert.Equal(["#a", "hello world"], m.Parameters);
        Assert.Equal("PING", results[1].Message!.Command);
    }

    [Fact]
    public void Multibyte_character_split_across_segments()
    {
        var bytes = Encoding.UTF8.GetBytes("PRIVMSG #a :☃\n");
        var cut = Array.IndexOf(bytes, (byte)0xE2) + 1; // inside the snowman's three bytes
        var results = ReadAll(new IrcLineReader(), bytes[..cut], bytes[cut..]);
        Assert.Equal("☃", results.Single().Message!.Parameters[1]);
    }

    [Fact]
    public void Oversized_body_with_newline_in_the_same_buffer_is_skipped()
    {
        var results = ReadAll("PRIVMSG #a :" + new string('x', 600) + "\r\nPING after\r\n");
        Assert.Equal(IrcParseError.LineTooLong, results[0].Error);
        Assert.Null(results[0].Message);
        Assert.Equal("after", results[1].Message!.Parameters[0]);
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void Oversized_body_is_reported_before_its_newline_arrives_and_skipped_later()
    {
        var reader = new IrcLineReader();
        var results = ReadAll(
            reader,
            Encoding.UTF8.GetBytes("PING before\r\nPRIVMSG #a :" + new string('x', 700)),
            Encoding.UTF8.GetBytes(new string('y', 5000)),
            Encoding.UTF8.GetBytes("zzz\r\nPING after\r\n"));
        Assert.Equal(
            [IrcParseError.None, IrcParseError.LineTooLong, IrcParseError.None],
            results.Select(r => r.Error));
        Assert.Equal("after", results[2].Message!.Parameters[0]);
        Assert.False(reader.IsDiscarding);
    }

    [Fact]
    public void Error_is_reported_once_per_oversized_line()
    {
        var reader = new IrcLineReader();
        var reads = Enumerable.Repeat(Encoding.UTF8.GetBytes(new string('x', 1000)), 20)
            .Append("\nPING ok\n"u8.ToArray())
            .ToArray();
        var results = ReadAll(reader, reads);
        Assert.Equal([IrcParseError.LineTooLong, IrcParseError.None], results.Select(r => r.Error));
    }

    [Fact]
    public void Body_of_510_bytes_plus_cr_waits_for_the_lf()
    {
        var reader = new IrcLineReader();
        var buffer = Segments.Of("PRIVMSG #a :" + new string('x', 510 - 12) + "\r");
        Assert.Equal(OperationStatus.NeedMoreData, reader.TryRead(ref buffer, out _, out _));
        buffer = Segments.Of(buffer.ToArray(), "\n"u8.ToArray());
        Assert.Equal(OperationStatus.Done, reader.TryRead(ref buffer, out var message, out _));
        Assert.Equal(498, message!.Parameters[1].Length);
    }

    [Fact]
    public void Oversized_tags_are_reported_early_and_skipped()
    {
        var results = ReadAll(
            "@a=" + new string('v', 5000),
            new string('v', 5000),
            " PRIVMSG #a :x\r\nPING after\r\n");
        Assert.Equal([IrcParseError.TagsTooLong, IrcParseError.None], results.Select(r => r.Error));
    }

    [Fact]
    public void Large_but_valid_tags_wait_for_the_rest()
    {
        var results = ReadAll("@a=" + new string('v', 5000), new string('v', 3000) + " PING x\n");
        Assert.Equal(8000, results.Single().Message!.Tags[0].Value.Length);
    }

    [Fact]
    public void Invalid_lines_do_not_stop_the_following_ones()
    {
        var bad = "PRIVMSG #a :caf"u8.ToArray().Append((byte)0xE9).Concat("\r\n:\r\nPING ok\r\n"u8.ToArray()).ToArray();
        var results = ReadAll(new IrcLineReader(), bad);
        Assert.Equal(
            [IrcParseError.InvalidUtf8, IrcParseError.NoCommand, IrcParseError.None],
            results.Select(r => r.Error));
        Assert.Equal("PRIVMSG", results[0].Message!.Command);
    }

    [Fact]
    public void Many_small_reads_one_byte_each()
    {
        var text = "@+typing=active :n!u@h TAGMSG #a\r\nPRIVMSG #a :hi there\n";
        var reads = Encoding.UTF8.GetBytes(text).Select(b => new[] { b }).ToArray();
        var results = ReadAll(new IrcLineReader(), reads);
        Assert.Equal(["TAGMSG", "PRIVMSG"], results.Select(r => r.Message!.Command));
    }
}
