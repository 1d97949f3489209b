using System.Buffers;
using Parley.Core.Events;
using Parley.Core.Storage;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>
/// How hub events look to IRC clients with one capability set. The door keeps one instance per distinct set (and per
/// delivery kind, see <see cref="Direct"/>), so fan-out renders an event once for all the clients alike (invariant 6).
/// Tags are added only for the capabilities that ask for them (IRCv3 server-time, message-tags with msgid and bot,
/// account-tag), as a client that did not negotiate message-tags must never see a tag.
/// </summary>
public sealed class IrcFormat : IEventFormat
{
    private readonly string _server;

    internal IrcFormat(string serverName, IrcCaps caps, bool direct)
    {
        _server = serverName;
        Caps = caps;
        Direct = direct;
    }

    public IrcCaps Caps { get; }

    /// <summary>
    /// True for events addressed to the reader itself (the hub passes no room); false for events of a room. Only
    /// INVITE differs: the invitee always sees it, the room's other operators only with invite-notify.
    /// </summary>
    public bool Direct { get; }

    public bool Has(IrcCaps cap) => (Caps & cap) != 0;

    /// <summary>
    /// The event's line as bytes of its own (queued to many connections, kept until each has written it). Written
    /// first into this thread's scratch buffer and copied out once, instead of into a new growing buffer each time.
    /// </summary>
    public ReadOnlyMemory<byte> Render(HubEvent hubEvent)
    {
        var buffer = _renderScratch ??= new ArrayBufferWriter<byte>(RenderScratchBytes);
        buffer.ResetWrittenCount();
        var bytes = Write(buffer, hubEvent) ? buffer.WrittenSpan.ToArray() : ReadOnlyMemory<byte>.Empty;
        if (buffer.Capacity > RenderScratchBytes)
        {
            // Lines are at most a few kilobytes (tags included); one that grew the buffer past that is not kept.
            _renderScratch = null;
        }

        return bytes;
    }

    private const int RenderScratchBytes = 16 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _renderScratch;

    /// <summary>A stored message as history (chathistory batch or replay on join), with its original time and id.</summary>
    public void WriteStored(IBufferWriter<byte> output, StoredMessage message, string target, string? batch)
    {
        var line = new IrcLineWriter(output);
        if (batch is not null)
        {
            line.Tag(IrcTokens.TagBatch, batch);
        }

        if (Has(IrcCaps.ServerTime))
        {
            TimeTag(ref line, message.Time);
        }

        if (Has(IrcCaps.MessageTags))
        {
            line.Tag(IrcTokens.TagMsgId, message.MsgId);
        }

        if (Has(IrcCaps.AccountTag) && message.SenderAccount is { } account)
        {
            line.Tag(IrcTokens.TagAccount, account);
        }

        var user = message.SenderUser.Length == 0 ? "~u" : message.SenderUser;
        var host = message.SenderHost.Length == 0 ? _server : message.SenderHost;
        line.Source(message.SenderNick, user, host);
        WriteText(ref line, message.Kind, target, message.Text);
        line.Finish();
    }

    /// <summary>IRCv3 server-time: ISO 8601 UTC with milliseconds, e.g. <c>2011-10-19T16:40:51.620Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time)
    {
        Span<char> text = stackalloc char[TimestampLength];
        return new string(text[..FormatTimestamp(time, text)]);
    }

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Room for a server-time timestamp (24 characters until the year 10000).</summary>
    private const int TimestampLength = 32;

    /// <summary>The server-time tag, formatted on the stack rather than through a string.</summary>
    private static void TimeTag(ref IrcLineWriter line, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[TimestampLength];
        line.Tag(IrcTokens.TagTime, text[..FormatTimestamp(time, text)]);
    }

    private static int FormatTimestamp(DateTimeOffset time, Span<char> destination)
    {
        time.UtcDateTime.TryFormat(destination, out var written, TimestampFormat, System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }

    private bool Write(IBufferWriter<byte> output, HubEvent hubEvent)
    {
        var line = new IrcLineWriter(output);
        switch (hubEvent)
        {
            case MessageEvent m:
                StartTags(ref line, m.Time, m.Message.MsgId, m.From, m.ClientTags);
                line.Source(m.From.Prefix);
                WriteText(ref line, m.Message.Kind, m.Room?.Name ?? m.Message.Recipient ?? "*", m.Message.Text);
                break;
            case TagMessageEvent t when Has(IrcCaps.MessageTags):
                StartTags(ref line, t.Time, t.MsgId, t.From, t.ClientTags);
                line.Source(t.From.Prefix);
                line.Command(IrcTokens.Tagmsg);
                line.Param(t.Room?.Name ?? t.RecipientNick ?? "*");
                break;
            case JoinEvent j:
                StartTags(ref line, j.Time, null, j.Who, null);
                line.Source(j.Who.Prefix);
                line.Command(IrcTokens.Join);
                if (Has(IrcCaps.ExtendedJoin))
                {
                    // IRCv3 extended-join: JOIN <channel> <account or *> :<realname>.
                    line.Param(j.Room.Name);
                    line.Param(j.Who.Account ?? "*");
                    line.Trailing(j.Who.RealName);
                }
                else
                {
                    line.LastParam(j.Room.Name);
                }

                break;
            case PartEvent p:
                StartTags(ref line, p.Time, null, p.Who, null);
                line.Source(p.Who.Prefix);
                line.Command(IrcTokens.Part);
                if (string.IsNullOrEmpty(p.Reason))
                {
                    line.LastParam(p.Room.Name);
                }
                else
                {
                    line.Param(p.Room.Name);
                    line.Trailing(p.Reason);
                }

                break;
            case QuitEvent q:
                StartTags(ref line, q.Time, null, q.Who, null);
                line.Source(q.Who.Prefix);
                line.Command(IrcTokens.Quit);
                line.Trailing(q.Reason);
                break;
            case NickEvent n:
                StartTags(ref line, n.Time, null, n.Old, null);
                line.Source(n.Old.Prefix);
                line.Command(IrcTokens.Nick);
                line.LastParam(n.New.Nick);
                break;
            case TopicEvent t:
                StartTags(ref line, t.Time, null, t.Who, null);
                line.Source(t.Who.Prefix);
                line.Command(IrcTokens.Topic);
                line.Param(t.Room.Name);
                line.Trailing(t.Topic);
                break;
            case KickEvent k:
                StartTags(ref line, k.Time, null, k.Who, null);
                line.Source(k.Who.Prefix);
                line.Command(IrcTokens.Kick);
                line.Param(k.Room.Name);
                line.Param(k.Victim.Nick);
                line.Trailing(k.Reason);
                break;
            case ModeEvent m:
                StartTags(ref line, m.Time, null, m.Who, null);
                line.Source(m.Who?.Prefix ?? _server);
                line.Command(IrcTokens.Mode);
                line.Param(m.Room.Name);
                if (m.Arguments.Count == 0)
                {
                    line.LastParam(m.Modes);
                }
                else
                {
                    line.Param(m.Modes);
                    for (var i = 0; i < m.Arguments.Count; i++)
                    {
                        if (i == m.Arguments.Count - 1)
                        {
                            line.LastParam(m.Arguments[i]);
                        }
                        else
                        {
                            line.Param(m.Arguments[i]);
                        }
                    }
                }

                break;
            case AwayEvent a when Has(IrcCaps.AwayNotify):
                // IRCv3 away-notify: AWAY :message when going away, bare AWAY when back.
                StartTags(ref line, a.Time, null, a.Who, null);
                line.Source(a.Who.Prefix);
                line.Command(IrcTokens.Away);
                if (a.Message is not null)
                {
                    line.Trailing(a.Message);
                }

                break;
            case InviteEvent i when Direct || Has(IrcCaps.InviteNotify):
                StartTags(ref line, i.Time, null, i.Who, null);
                line.Source(i.Who.Prefix);
                line.Command(IrcTokens.Invite);
                line.Param(i.Invitee.Nick);
                line.LastParam(i.Room.Name);
                break;
            case SetNameEvent s when Has(IrcCaps.Setname):
                StartTags(ref line, s.Time, null, s.Who, null);
                line.Source(s.Who.Prefix);
                line.Command(IrcTokens.Setname);
                line.Trailing(s.Who.RealName);
                break;
            case ChangeHostEvent c when Has(IrcCaps.Chghost):
                StartTags(ref line, c.Time, null, c.Old, null);
                line.Source(c.Old.Prefix);
                line.Command(IrcTokens.Chghost);
                line.Param(c.New.User);
                line.LastParam(c.New.Host);
                break;
            case AccountEvent a when Has(IrcCaps.AccountNotify):
                StartTags(ref line, a.Time, null, a.Who, null);
                line.Source(a.Who.Prefix);
                line.Command(IrcTokens.Account);
                line.LastParam(a.Who.Account ?? "*");
                break;
            case ServerNoticeEvent s:
                StartTags(ref line, s.Time, null, null, null);
                line.Source(_server);
                line.Command(IrcTokens.Notice);
                line.Param("*");
                line.Trailing(s.Text);
                break;
            default:
                return false;
        }

        line.Finish();
        return true;
    }

    private void StartTags(ref IrcLineWriter line, DateTimeOffset time, string? msgId, Core.Sessions.Identity? from, string? clientTags)
    {
        if (Has(IrcCaps.ServerTime))
        {
            TimeTag(ref line, time);
        }

        if (msgId is not null && Has(IrcCaps.MessageTags))
        {
            line.Tag(IrcTokens.TagMsgId, msgId);
        }

        if (from?.Account is { } account && Has(IrcCaps.AccountTag))
        {
            line.Tag(IrcTokens.TagAccount, account);
        }

        if (from is { IsBot: true } && Has(IrcCaps.MessageTags))
        {
            // IRCv3 bot-mode: messages from a +B user carry the "bot" tag.
            line.Tag("bot"u8, "");
        }

        if (clientTags is not null && Has(IrcCaps.MessageTags))
        {
            foreach (var (key, value) in ClientTags.Split(clientTags))
            {
                line.Tag(key, value);
            }
        }
    }

    /// <summary>PRIVMSG or NOTICE; an action is a CTCP ACTION (<c>\u0001ACTION text\x01</c>), as IRC clients send /me.</summary>
    private static void WriteText(ref IrcLineWriter line, MessageKind kind, string target, string text)
    {
        line.Command(kind == MessageKind.Notice ? IrcTokens.Notice : IrcTokens.Privmsg);
        line.Param(target);
        line.Trailing(kind == MessageKind.Action ? "\u0001ACTION " + text + "\u0001" : text);
    }
}
