namespace Parley.Doors.Irc;

/// <summary>The IRCv3 capabilities a client can negotiate (CAP REQ). Each changes what the server sends it.</summary>
[Flags]
public enum IrcCaps
{
    None = 0,
    MessageTags = 1 << 0,
    ServerTime = 1 << 1,
    EchoMessage = 1 << 2,
    Batch = 1 << 3,
    LabeledResponse = 1 << 4,
    MultiPrefix = 1 << 5,
    UserhostInNames = 1 << 6,
    ExtendedJoin = 1 << 7,
    AwayNotify = 1 << 8,
    AccountNotify = 1 << 9,
    AccountTag = 1 << 10,
    Chghost = 1 << 11,
    Setname = 1 << 12,
    InviteNotify = 1 << 13,
    ChatHistory = 1 << 14,
    CapNotify = 1 << 15,
}

/// <summary>Names of the capabilities on the wire (IRCv3 capability negotiation, version 302).</summary>
public static class Capabilities
{
    public static IReadOnlyList<(string Name, IrcCaps Cap)> All { get; } =
    [
        ("message-tags", IrcCaps.MessageTags),
        ("server-time", IrcCaps.ServerTime),
        ("echo-message", IrcCaps.EchoMessage),
        ("batch", IrcCaps.Batch),
        ("labeled-response", IrcCaps.LabeledResponse),
        ("multi-prefix", IrcCaps.MultiPrefix),
        ("userhost-in-names", IrcCaps.UserhostInNames),
        ("extended-join", IrcCaps.ExtendedJoin),
        ("away-notify", IrcCaps.AwayNotify),
        ("account-notify", IrcCaps.AccountNotify),
        ("account-tag", IrcCaps.AccountTag),
        ("chghost", IrcCaps.Chghost),
        ("setname", IrcCaps.Setname),
        ("invite-notify", IrcCaps.InviteNotify),
        ("draft/chathistory", IrcCaps.ChatHistory),
        ("cap-notify", IrcCaps.CapNotify),
    ];

    /// <summary>The CAP LS list; nothing here takes a value, so 301 and 302 clients get the same words.</summary>
    public static string List { get; } = string.Join(' ', All.Select(c => c.Name));

    public static IrcCaps Find(string name)
    {
        foreach (var (capName, cap) in All)
        {
            if (string.Equals(capName, name, StringComparison.Ordinal))
            {
                return cap;
            }
        }

        return IrcCaps.None;
    }

    public static string Names(IrcCaps caps) => string.Join(' ', All.Where(c => (caps & c.Cap) != 0).Select(c => c.Name));
}
