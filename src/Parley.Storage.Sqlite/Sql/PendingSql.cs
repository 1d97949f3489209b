namespace Parley.Storage.Sqlite;

/// <summary>The write-out mark in the history database: the id of the last commit log batch written out to <c>messages</c>
/// (see <see cref="CommitLog"/>).</summary>
internal static class PendingSql
{
    public const string WrittenOutMark = "SELECT written_up_to FROM write_out_state WHERE id = 1";

    public const string SetWrittenOutMark = "UPDATE write_out_state SET written_up_to = $mark WHERE id = 1";
}
