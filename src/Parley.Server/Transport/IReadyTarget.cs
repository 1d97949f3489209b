namespace Parley.Server.Transport;

/// <summary>What a <see cref="ReadLoop"/> tells when its wait reports a socket ready.</summary>
internal interface IReadyTarget
{
    /// <summary>Called on the loop's thread, inside its pass, with the reported epoll events.</summary>
    void OnReady(uint events);
}
