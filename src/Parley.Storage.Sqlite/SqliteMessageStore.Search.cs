using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>Full-text search and the list of conversations (chathistory TARGETS).</summary>
public sealed partial class SqliteMessageStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Every word of <paramref name="words"/> must match (each is quoted, so user input is never FTS5 syntax).
    /// Input with no searchable word returns nothing. A private key passed in <paramref name="targets"/> is
    /// ignored: private conversations are searched only through <paramref name="privateOf"/>.
    /// </remarks>
    public IReadOnlyList<StoredMessage> Search(IReadOnlyCollection<string>? targets, string? privateOf, string words, int limit)
    {
        if (limit <= 0 || FtsQuery.FromWords(words) is not { } query)
        {
            return [];
        }

        CatchUpIndex();
        return Read((connection, snapshot) =>
        {
            var command = connection.Command(SearchSql.Search, snapshot);
            command.Parameters.AddWithValue("$query", query);
            AddScope(command, targets, privateOf);
            command.Parameters.AddWithValue("$limit", limit);
            return MessageRow.ReadAll(command, reverse: false);
        });
    }

    /// <inheritdoc />
    /// <remarks>Both times are inclusive and may come in either order.</remarks>
    public IReadOnlyList<ConversationSummary> Targets(
        string foldedNick, IReadOnlyCollection<string> rooms, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        var (earlier, later) = from <= to ? (from, to) : (to, from);
        // An empty room list means "no rooms" here, unlike Search where it means "every room".
        var scope = rooms ?? [];
        return Read((connection, snapshot) =>
        {
            var command = connection.Command(SearchSql.Targets, snapshot);
            command.Parameters.AddWithValue("$from", MessageRow.ToStored(earlier));
            command.Parameters.AddWithValue("$to", MessageRow.ToStored(later));
            AddScope(command, scope, foldedNick, allRoomsWhenEmpty: false);
            command.Parameters.AddWithValue("$limit", limit);
            var list = new List<ConversationSummary>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add(new ConversationSummary(reader.GetString(0), MessageRow.FromStored(reader.GetInt64(1))));
            }

            return list;
        });
    }

    /// <summary>Binds which conversations a query may see: rooms ($all_rooms, $rooms) and one nick's private ones ($prefix, $suffix).</summary>
    private static void AddScope(SqliteCommand command, IReadOnlyCollection<string>? rooms, string? privateOf, bool allRoomsWhenEmpty = true)
    {
        var all = allRoomsWhenEmpty && (rooms is null || rooms.Count == 0);
        command.Parameters.AddWithValue("$all_rooms", all ? 1 : 0);
        command.Parameters.AddWithValue("$rooms", JsonSerializer.Serialize(rooms ?? [], StoreJson.Default.IReadOnlyCollectionString));
        var nick = string.IsNullOrEmpty(privateOf) ? null : privateOf;
        command.Parameters.AddWithValue("$prefix", nick is null ? DBNull.Value : $"{ConversationKey.PrivatePrefix}{nick},");
        command.Parameters.AddWithValue("$suffix", nick is null ? DBNull.Value : $",{nick}");
    }
}
