namespace Parley.Core.Storage;

/// <summary>
/// Names the stored conversation of two people. Rooms are stored under their folded name (<c>#general</c>);
/// a private conversation under <c>@a,b</c> with the two folded nicks sorted, so that both directions
/// share one sequence and one history. A comma cannot occur in a nick, so the key is unambiguous.
/// </summary>
public static class ConversationKey
{
    public const char PrivatePrefix = '@';

    public static string ForPrivate(string foldedNickA, string foldedNickB) =>
        string.CompareOrdinal(foldedNickA, foldedNickB) <= 0
            ? $"{PrivatePrefix}{foldedNickA},{foldedNickB}"
            : $"{PrivatePrefix}{foldedNickB},{foldedNickA}";

    public static bool IsPrivate(string target) => target.Length > 0 && target[0] == PrivatePrefix;
}
