using Parley.Testing;

namespace Parley.Integration.Tests.History;

public sealed class HistoryCommandTests
{
    [Fact]
    public async Task History_shows_a_room_even_one_the_user_is_not_in_and_checks_n()
    {
        await using var server = await TestServer.StartAsync(("Parley:MaxHistoryRequest", "50"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendAsync("/join rust");
        await alice.ExpectContainsAsync("You joined rust");
        for (var i = 1; i <= 30; i++)
        {
            await alice.SendAsync($"rust {i}");
        }

        await RoundTripAsync(alice);

        await bob.SendAsync("/history rust 3");
        Assert.Equal("*** History of rust (3 messages):", await bob.ExpectContainsAsync("History of"));
        Assert.EndsWith("] <alice> rust 28", await bob.ReadLineAsync());
        Assert.EndsWith("] <alice> rust 29", await bob.ReadLineAsync());
        Assert.EndsWith("] <alice> rust 30", await bob.ReadLineAsync());
        Assert.Equal("*** End of history", await bob.ReadLineAsync());

        await bob.SendAsync("/history #rust");
        await bob.ExpectContainsAsync("History of rust (20 messages)");
        await bob.SendAsync("/history rust 0");
        Assert.Equal("!!! N must be between 1 and 50", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/history rust 51");
        Assert.Equal("!!! N must be between 1 and 50", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/history rust many");
        Assert.Equal("!!! Usage: /history [ROOM|@NICK] [N]", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/history emptyroom");
        Assert.Equal("*** No history for emptyroom", await bob.ExpectContainsAsync("No history"));
        await bob.SendAsync("/history bad,room");
        Assert.Equal("!!! Invalid room name: bad,room", await bob.ExpectContainsAsync("!!!"));

        // A bare number is N for the current room. (The command comes after the message on the same connection.)
        await bob.SendAsync("hello general");
        await bob.SendAsync("/history 1");
        await bob.ExpectContainsAsync("History of general (1 message)");
        Assert.EndsWith("] <bob> hello general", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task Private_history_is_the_conversation_of_the_two_in_both_directions()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await using var carol = await LineClient.JoinAsync(server.LineEndPoint, "carol");
        await alice.SendAsync("/msg bob one");
        await bob.ExpectContainsAsync("*alice* one");
        await bob.SendAsync("/msg alice two");
        await alice.ExpectContainsAsync("*bob* two");
        await carol.SendAsync("/msg alice unrelated");
        await alice.ExpectContainsAsync("*carol* unrelated");

        await alice.SendAsync("/history @Bob");
        Assert.Equal("*** History of your conversation with Bob (2 messages):", await alice.ExpectContainsAsync("History of"));
        Assert.EndsWith("] *alice* one", await alice.ReadLineAsync());
        Assert.EndsWith("] *bob* two", await alice.ReadLineAsync());
        await carol.SendAsync("/history @bob");
        Assert.Equal("*** No history for your conversation with bob", await carol.ExpectContainsAsync("No history"));
    }

    [Fact]
    public async Task Search_finds_words_newest_first_in_rooms_and_own_private_messages_only()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await using var carol = await LineClient.JoinAsync(server.LineEndPoint, "carol");
        await alice.SendAsync("the deploy failed again");
        await alice.SendAsync("/join ops");
        await alice.ExpectContainsAsync("You joined ops");
        await alice.SendAsync("deploy fixed");
        await RoundTripAsync(alice);
        await bob.SendAsync("/msg alice secret deploy plan");
        await alice.ExpectContainsAsync("secret deploy plan");

        await carol.SendAsync("/search deploy");
        Assert.Equal("*** 2 messages match \"deploy\" (newest first):", await carol.ExpectContainsAsync("match"));
        Assert.EndsWith("] [ops] <alice> deploy fixed", await carol.ReadLineAsync());
        Assert.EndsWith("] [general] <alice> the deploy failed again", await carol.ReadLineAsync());
        Assert.Equal("*** End of search", await carol.ReadLineAsync());

        await alice.SendAsync("/search deploy");
        await alice.ExpectContainsAsync("3 messages match");
        Assert.EndsWith("] *bob* secret deploy plan", await alice.ReadLineAsync());

        await carol.SendAsync("/search general deploy");
        await carol.ExpectContainsAsync("1 message match");
        await carol.SendAsync("/search deploy AND( \"");
        await carol.ExpectContainsAsync("No messages match");
        await carol.SendAsync("/search");
        Assert.Equal("!!! Usage: /search [ROOM] words", await carol.ExpectContainsAsync("!!!"));
    }

    [Fact]
    public async Task Retention_keeps_only_the_newest_messages_per_room()
    {
        await using var server = await TestServer.StartAsync(("Parley:Storage:RetentionMaxMessages", "3"), ("Parley:Storage:RetentionInterval", "00:00:00.100"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        for (var i = 0; i < 8; i++)
        {
            await alice.SendAsync($"r{i}");
            await bob.ExpectContainsAsync($"<alice> r{i}");
        }

        await Waits.UntilAsync(async () =>
        {
            await bob.SendAsync("/history 20");
            var header = await bob.ExpectContainsAsync("History of general");
            return header.Contains("(3 messages)", StringComparison.Ordinal);
        });
        Assert.EndsWith("<alice> r5", await bob.ReadLineAsync());
        Assert.EndsWith("<alice> r6", await bob.ReadLineAsync());
        Assert.EndsWith("<alice> r7", await bob.ReadLineAsync());
    }

    /// <summary>A command's answer on the client's own connection proves the server took (and committed) its earlier lines.</summary>
    private static async Task RoundTripAsync(LineClient client)
    {
        await client.SendAsync("/who");
        await client.ExpectContainsAsync("Members of");
    }
}
