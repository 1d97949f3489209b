using System.Text;
using Parley.Core.Events;
using Parley.Core.Hubs;
using Parley.Core.Sessions;

namespace Parley.Core.Tests.Hubs;

/// <summary>A session without a connection: renders events as text lines and records them.</summary>
internal sealed class FakeSession(string nick, bool echo = false) : Session(new Outbox(1 << 20), new Identity(nick, "u", "h", nick, null), DateTimeOffset.UnixEpoch)
{
    public static TextFormat Format { get; } = new();

    public List<string> Closes { get; } = [];

    public override bool EchoesOwnMessages => echo;

    public override IEventFormat FormatFor(Room? room) => Format;

    public override void OnServerShutdown(string notice) => Outbox.Enqueue(Encoding.UTF8.GetBytes("shutdown " + notice));

    protected override void OnClose(bool graceful) => Closes.Add(graceful ? "graceful" : "abort");

    /// <summary>Everything queued, line by line: an Outbox item may hold several lines (fan-out packs a run of
    /// messages into one buffer), as a connection's byte stream would.</summary>
    public List<string> Drain()
    {
        var lines = new List<string>();
        while (Outbox.TryDequeue(out var bytes))
        {
            lines.AddRange(Encoding.UTF8.GetString(bytes.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return lines;
    }

    /// <summary>Everything queued, one string per Outbox item (to see how fan-out packed the lines).</summary>
    public List<string> DrainItems()
    {
        var items = new List<string>();
        while (Outbox.TryDequeue(out var bytes))
        {
            items.Add(Encoding.UTF8.GetString(bytes.Span));
        }

        return items;
    }

    /// <summary>Everything queued, as the Outbox holds it (to see which bytes an item keeps alive).</summary>
    public List<ReadOnlyMemory<byte>> DrainRaw()
    {
        var items = new List<ReadOnlyMemory<byte>>();
        while (Outbox.TryDequeue(out var bytes))
        {
            items.Add(bytes);
        }

        return items;
    }

    /// <summary>Counts its renders, to prove fan-out renders once per format.</summary>
    internal sealed class TextFormat : IEventFormat
    {
        public int Renders { get; set; }

        public ReadOnlyMemory<byte> Render(HubEvent hubEvent)
        {
            Renders++;
            var text = hubEvent switch
            {
                MessageEvent m => $"{m.From.Nick}: {m.Message.Text} #{m.Message.Sequence}",
                JoinEvent j => $"join {j.Who.Nick} {j.Room.Name}",
                PartEvent p => $"part {p.Who.Nick}",
                QuitEvent q => $"quit {q.Who.Nick} {q.Reason}",
                NickEvent n => $"nick {n.Old.Nick} {n.New.Nick}",
                TopicEvent t => $"topic {t.Topic}",
                KickEvent k => $"kick {k.Victim.Nick}",
                _ => hubEvent.GetType().Name,
            };
            return Encoding.UTF8.GetBytes(text + "\n");
        }
    }
}
