using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

public sealed class SearchTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageStore _store;

    public SearchTests()
    {
        _store = SqliteMessageStore.Open(_dir.Options());
        _store.Append(
        [
            Messages.Room("#general", 1, "the quick brown fox"),
            Messages.Room("#general", 2, "a lazy brown dog"),
            Messages.Room("#general", 3, "quick thinking, brown-nosed \"fox\" AND( friends"),
            Messages.Room("#dev", 1, "brown paper bag release"),
            Messages.Room("#dev", 2, "café au lait"),
            Messages.Private("alice", "bob", 1, "secret brown plan"),
            Messages.Private("bob", "malice", 1, "another brown secret"),
            Messages.Private("a_c", "zed", 1, "brown underscore secret"),
        ]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private static List<string> Texts(IReadOnlyList<StoredMessage> found) => found.Select(m => m.Text).ToList();

    [Fact]
    public void Every_word_must_match_and_results_are_newest_first()
    {
        var found = _store.Search(["#general"], null, "brown quick", 10);
        Assert.Equal(["quick thinking, brown-nosed \"fox\" AND( friends", "the quick brown fox"], Texts(found));

        Assert.Equal([3L, 2, 1], Messages.Seqs(_store.Search(["#general"], null, "brown", 10)));
        Assert.Equal([3L, 2], Messages.Seqs(_store.Search(["#general"], null, "brown", 2)));
        Assert.Empty(_store.Search(["#general"], null, "brown", 0));
        Assert.Empty(_store.Search(["#general"], null, "brown zebra", 10));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"fox")]
    [InlineData("AND(")]
    [InlineData("fox AND( OR NOT")]
    [InlineData("NEAR(fox brown)")]
    [InlineData("text:fox")]
    [InlineData("fox*")]
    [InlineData("^fox")]
    [InlineData("-fox +brown")]
    [InlineData("'; DROP TABLE messages; --")]
    [InlineData("{fox}")]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData("🦊")]
    public void Punctuation_in_user_input_is_never_a_syntax_error(string words)
    {
        var found = _store.Search(null, "alice", words, 10);
        Assert.NotNull(found);
        Assert.Equal(3, _store.LastSequence("#general")); // and nothing was harmed
    }

    [Fact]
    public void Quoted_and_operator_words_are_searched_as_text()
    {
        Assert.Equal([3L], Messages.Seqs(_store.Search(["#general"], null, "\"fox\" AND(", 10)));
        Assert.Equal([3L, 1], Messages.Seqs(_store.Search(["#general"], null, "fox*", 10)));
        Assert.Empty(_store.Search(["#general"], null, "\" ( ) *", 10));
    }

    [Fact]
    public void Diacritics_do_not_matter()
    {
        Assert.Equal(["café au lait"], Texts(_store.Search(null, null, "cafe", 10)));
    }

    [Fact]
    public void Search_is_restricted_to_the_given_rooms()
    {
        Assert.All(_store.Search(["#dev"], null, "brown", 10), m => Assert.Equal("#dev", m.Target));
        Assert.Single(_store.Search(["#dev"], null, "brown", 10));
        Assert.Empty(_store.Search(["#nowhere"], null, "brown", 10));
        Assert.Equal(4, _store.Search(["#dev", "#general"], null, "brown", 10).Count);
    }

    [Fact]
    public void No_rooms_means_every_room_but_never_a_private_conversation()
    {
        Assert.Equal(4, _store.Search(null, null, "brown", 10).Count);
        Assert.Equal(4, _store.Search([], null, "brown", 10).Count);
        Assert.DoesNotContain(_store.Search(null, null, "secret", 10), m => m.IsPrivate);
    }

    [Fact]
    public void Private_conversations_are_found_only_for_their_participants()
    {
        Assert.Equal(["secret brown plan"], Texts(_store.Search(["#nowhere"], "alice", "brown", 10)));
        Assert.Equal(["another brown secret", "secret brown plan"], Texts(_store.Search(["#nowhere"], "bob", "secret", 10)));
        Assert.Equal(["another brown secret"], Texts(_store.Search(["#nowhere"], "malice", "secret", 10)));
        Assert.Empty(_store.Search(["#nowhere"], "carol", "secret", 10));
        Assert.Empty(_store.Search(["#nowhere"], "lice", "secret", 10));
        // "_" would be a wildcard in LIKE: a nick "abc" must not see "a_c"'s conversation, nor the reverse.
        Assert.Empty(_store.Search(["#nowhere"], "abc", "underscore", 10));
        Assert.Single(_store.Search(["#nowhere"], "a_c", "underscore", 10));
        Assert.Equal(5, _store.Search(null, "alice", "brown", 10).Count);
    }

    [Fact]
    public void A_private_key_passed_as_a_room_is_ignored()
    {
        Assert.Empty(_store.Search(["@alice,bob"], null, "secret", 10));
        Assert.Empty(_store.Search(["@alice,bob"], "carol", "secret", 10));
    }
}
