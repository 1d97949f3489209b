namespace Parley.Client.Connection;

/// <summary>The server could not be reached at all (refused, unknown host, timed out).</summary>
public sealed class ChatConnectException : Exception
{
    public ChatConnectException()
    {
    }

    public ChatConnectException(string reason)
        : base(reason)
    {
    }

    public ChatConnectException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
