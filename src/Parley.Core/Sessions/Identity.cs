namespace Parley.Core.Sessions;

/// <summary>
/// Who a session is at one moment: immutable, replaced whole when the nick, host or account changes, so that
/// an event can keep the identity it was made with and renderers can cache what they derive from it.
/// </summary>
public sealed class Identity
{
    private string? _prefix;

    public Identity(string nick, string user, string host, string realName, string? account, bool isBot = false)
    {
        Nick = nick;
        FoldedNick = Names.Casemapping.Fold(nick);
        User = user;
        Host = host;
        RealName = realName;
        Account = account;
        IsBot = isBot;
    }

    public string Nick { get; }
    public string FoldedNick { get; }
    public string User { get; }
    public string Host { get; }
    public string RealName { get; }
    public string? Account { get; }
    public bool IsBot { get; }

    /// <summary>The IRC source <c>nick!user@host</c>.</summary>
    public string Prefix => _prefix ??= $"{Nick}!{User}@{Host}";

    public Identity WithNick(string nick) => new(nick, User, Host, RealName, Account, IsBot);
    public Identity WithHost(string user, string host) => new(Nick, user, host, RealName, Account, IsBot);
    public Identity WithRealName(string realName) => new(Nick, User, Host, realName, Account, IsBot);
    public Identity WithAccount(string? account) => new(Nick, User, Host, RealName, account, IsBot);
    public Identity WithBot(bool isBot) => new(Nick, User, Host, RealName, Account, isBot);
}
