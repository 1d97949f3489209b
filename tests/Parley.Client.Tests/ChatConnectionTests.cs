using System.Text;
using Parley.Client.Connection;

namespace Parley.Client.Tests;

/// <summary>The connection over in-memory streams: framing, decoding, limits.</summary>
public sealed class ChatConnectionTests
{
    private static ChatConnection Over(byte[] bytes, int maxLineBytes = ChatConnection.DefaultMaxLineBytes) =>
        new(new MemoryStream(bytes), maxLineBytes);

    private static async Task<List<string>> ReadAllAsync(ChatConnection connection)
    {
        var lines = new List<string>();
        while (await connection.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task Splits_on_lf_and_crlf_and_keeps_a_last_line_without_newline()
    {
        await using var connection = Over("one\ntwo\r\n\nthree"u8.ToArray());
        Assert.Equal(["one", "two", "", "three"], await ReadAllAsync(connection));
    }

    [Fact]
    public async Task Invalid_utf8_becomes_replacement_characters()
    {
        await using var connection = Over([0x61, 0xFF, 0x62, 0xC3, (byte)'\n', 0xE2, 0x82, 0xAC, (byte)'\n']);
        Assert.Equal(["a\uFFFDb\uFFFD", "€"], await ReadAllAsync(connection));
    }

    [Fact]
    public async Task A_very_long_line_arrives_whole_under_the_limit()
    {
        var text = new string('x', 300_000) + "é";
        await using var connection = Over(Encoding.UTF8.GetBytes(text + "\nnext\n"));
        Assert.Equal([text, "next"], await ReadAllAsync(connection));
    }

    [Fact]
    public async Task A_line_over_the_limit_is_split_on_a_character_boundary()
    {
        // "aé€" is 1 + 2 + 3 bytes; a 4-byte limit would cut inside the €.
        await using var connection = Over(Encoding.UTF8.GetBytes("aé€\n"), maxLineBytes: 4);
        Assert.Equal(["aé", "€"], await ReadAllAsync(connection));
    }

    [Fact]
    public async Task Sends_utf8_lines_ending_in_lf()
    {
        var stream = new MemoryStream();
        await using var connection = new ChatConnection(stream);
        await connection.SendLineAsync("héllo");
        await connection.SendLineAsync("");
        Assert.Equal("héllo\n\n"u8.ToArray(), stream.ToArray());
    }

    [Fact]
    public async Task Refuses_to_send_a_line_break()
    {
        await using var connection = new ChatConnection(new MemoryStream());
        await Assert.ThrowsAsync<ArgumentException>(async () => await connection.SendLineAsync("a\nb"));
    }
}
