using Parley.Core.Events;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Core.Hubs;

/// <summary>
/// Gives each message its identity (id, server time, per-target sequence), makes batches of them durable in the
/// store (group commit), and only then hands them to fan-out, in order (invariants 3 and 4).
/// Hub thread only.
/// </summary>
internal sealed class Journal
{
    private readonly IMessageStore _store;
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private readonly List<StoredMessage> _batch = [];
    private readonly List<PendingDelivery> _deliveries = [];

    public Journal(IMessageStore store) => _store = store;

    public int PendingCount => _batch.Count;

    /// <summary>Messages committed since start, for metrics and tests.</summary>
    public long CommittedCount { get; private set; }

    public long Batches { get; private set; }

    public MessageEvent Accept(Session sender, string target, Room? room, Session? recipient, string? recipientNick,
        MessageKind kind, string text, string? clientTags, DateTimeOffset now)
    {
        var who = sender.Who;
        var message = new StoredMessage(NewMsgId(), now, target, NextSequence(target), kind, who.Nick, who.Account,
            recipientNick, text, who.User, who.Host);
        var hubEvent = new MessageEvent(message, who, room, clientTags);
        _batch.Add(message);
        _deliveries.Add(new PendingDelivery(hubEvent, sender, recipient));
        return hubEvent;
    }

    /// <summary>Commits the pending batch, then delivers it. If the store fails, nobody receives those messages
    /// and each sender is told; the hub goes on.</summary>
    public void Flush(Hub hub)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        try
        {
            _store.Append(_batch);
            CommittedCount += _batch.Count;
            Batches++;
        }
        catch (Exception ex)
        {
            hub.OnStoreFailure(ex, _deliveries.Select(d => d.Sender).Distinct());
            ForgetSequences();
            _batch.Clear();
            _deliveries.Clear();
            return;
        }

        foreach (var delivery in _deliveries)
        {
            hub.DeliverMessage(delivery.Event, delivery.Sender, delivery.Recipient);
        }

        _batch.Clear();
        _deliveries.Clear();
    }

    private long NextSequence(string target)
    {
        if (!_sequences.TryGetValue(target, out var last))
        {
            last = _store.LastSequence(target);
        }

        _sequences[target] = ++last;
        return last;
    }

    /// <summary>After a failed commit the store's numbers are the truth again.</summary>
    private void ForgetSequences()
    {
        foreach (var message in _batch)
        {
            _sequences.Remove(message.Target);
        }
    }

    /// <summary>A version-7 GUID: unique without coordination, ordered by time, never reused after a restart.</summary>
    private static string NewMsgId() => Guid.CreateVersion7().ToString("N");

    private readonly record struct PendingDelivery(MessageEvent Event, Session Sender, Session? Recipient);
}
