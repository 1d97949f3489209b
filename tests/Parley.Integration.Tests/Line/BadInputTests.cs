using System.Text;
using Parley.Testing;

namespace Parley.Integration.Tests.Line;

public sealed class BadInputTests
{
    [Fact]
    public async Task An_oversized_line_is_refused_and_skipped_and_the_connection_stays_usable()
    {
        await using var server = await TestServer.StartAsync(("Parley:Line:MaxLineBytes", "100"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");

        // Sent in pieces so that the discarding spans several reads.
        await alice.SendRawAsync(Encoding.UTF8.GetBytes(new string('x', 150)));
        Assert.Equal("!!! Line too long (more than 100 bytes); it was discarded", await alice.ExpectContainsAsync("!!!"));
        await alice.SendRawAsync(Encoding.UTF8.GetBytes(new string('y', 5000) + "\nafter\n"));
        Assert.Equal("<alice> after", await bob.ExpectContainsAsync("<alice>"));

        // Exactly the limit passes; one more byte does not.
        await alice.SendAsync(new string('z', 100));
        Assert.Equal("<alice> " + new string('z', 100), await bob.ExpectContainsAsync("<alice>"));
        await alice.SendAsync(new string('z', 101));
        await alice.ExpectContainsAsync("Line too long");
        await alice.SendAsync("still here");
        Assert.Equal("<alice> still here", await bob.ExpectContainsAsync("<alice>"));
        Assert.DoesNotContain(bob.Seen, l => l.Contains("xxx", StringComparison.Ordinal) || l.Contains("yyy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_with_an_error_and_nothing_is_relayed()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendRawAsync([0x63, 0x61, 0x66, 0xE9, 0x0A]); // "café" in latin-1
        Assert.Equal("!!! Line is not valid UTF-8; it was discarded", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("café");
        Assert.Equal("<alice> café", await bob.ExpectContainsAsync("<alice>"));
    }

    [Fact]
    public async Task Empty_and_blank_lines_are_ignored()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendRawAsync("\n\r\n   \n\t\nreal\n"u8.ToArray());
        Assert.Equal("<alice> real", await bob.ExpectContainsAsync("<alice>"));
        Assert.DoesNotContain(alice.Seen, l => l.StartsWith("!!!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Binary_garbage_gets_errors_and_harms_nobody_else()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await using var garbage = await TextClient.ConnectAsync(server.LineEndPoint);
        var random = new Random(42);
        var bytes = new byte[64 * 1024];
        random.NextBytes(bytes);
        await garbage.SendRawAsync(bytes);
        await garbage.ExpectContainsAsync("!!!");

        await alice.SendAsync("business as usual");
        Assert.Equal("<alice> business as usual", await bob.ExpectContainsAsync("<alice>"));
        await garbage.SendAsync("");
        await garbage.SendAsync("/nick recovered");
        await garbage.ExpectContainsAsync("is now known as recovered");
    }

    [Fact]
    public async Task A_silent_client_and_a_reset_mid_line_affect_nobody()
    {
        await using var server = await TestServer.StartAsync();
        await using var silent = await TextClient.ConnectAsync(server.LineEndPoint);
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        var resetter = await LineClient.JoinAsync(server.LineEndPoint, "resetter");
        await resetter.SendRawAsync("half a li"u8.ToArray());
        resetter.Reset();
        await alice.ExpectAsync(l => l.StartsWith("*** resetter quit", StringComparison.Ordinal));
        await alice.SendAsync("fine");
        Assert.Equal("<alice> fine", await bob.ExpectContainsAsync("<alice>"));
        Assert.DoesNotContain(bob.Seen, l => l.Contains("half a li", StringComparison.Ordinal));
    }
}
