using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The writer's one INSERT, prepared once and reused for every message of every batch: only the parameter
/// values change, so SQLite never re-parses the statement on the hot path.
/// </summary>
internal sealed class InsertCommand : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _msgId;
    private readonly SqliteParameter _time;
    private readonly SqliteParameter _target;
    private readonly SqliteParameter _seq;
    private readonly SqliteParameter _kind;
    private readonly SqliteParameter _senderNick;
    private readonly SqliteParameter _senderAccount;
    private readonly SqliteParameter _recipient;
    private readonly SqliteParameter _text;
    private readonly SqliteParameter _senderUser;
    private readonly SqliteParameter _senderHost;

    public InsertCommand(SqliteConnection connection)
    {
        _command = connection.CreateCommand();
        _command.CommandText = MessageSql.Insert;
        _msgId = Add("$msgid", SqliteType.Text);
        _time = Add("$time", SqliteType.Integer);
        _target = Add("$target", SqliteType.Text);
        _seq = Add("$seq", SqliteType.Integer);
        _kind = Add("$kind", SqliteType.Integer);
        _senderNick = Add("$sender_nick", SqliteType.Text);
        _senderAccount = Add("$sender_account", SqliteType.Text);
        _recipient = Add("$recipient", SqliteType.Text);
        _text = Add("$text", SqliteType.Text);
        _senderUser = Add("$sender_user", SqliteType.Text);
        _senderHost = Add("$sender_host", SqliteType.Text);
    }

    /// <summary>Inserts one message inside <paramref name="transaction"/> (the batch's).</summary>
    public void Execute(SqliteTransaction transaction, StoredMessage message)
    {
        _command.Transaction = transaction;
        _msgId.Value = message.MsgId;
        _time.Value = MessageRow.ToStored(message.Time);
        _target.Value = message.Target;
        _seq.Value = message.Sequence;
        _kind.Value = (int)message.Kind;
        _senderNick.Value = message.SenderNick;
        _senderAccount.Value = (object?)message.SenderAccount ?? DBNull.Value;
        _recipient.Value = (object?)message.Recipient ?? DBNull.Value;
        _text.Value = message.Text;
        _senderUser.Value = message.SenderUser ?? "";
        _senderHost.Value = message.SenderHost ?? "";
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private SqliteParameter Add(string name, SqliteType type) => _command.Parameters.Add(name, type);
}
