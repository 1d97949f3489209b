namespace Parley.Client.Connection;

/// <summary>
/// An established connection failed (reset, broken pipe). A clean close by the server is not an
/// exception: <see cref="ChatConnection.ReadLineAsync"/> returns <c>null</c> for that.
/// </summary>
public sealed class ConnectionLostException : Exception
{
    public ConnectionLostException()
    {
    }

    public ConnectionLostException(string reason)
        : base(reason)
    {
    }

    public ConnectionLostException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
