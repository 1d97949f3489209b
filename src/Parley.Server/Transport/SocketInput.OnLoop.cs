using System.Net.Sockets;

namespace Parley.Server.Transport;

/// <summary>The receiving of a <see cref="SocketInput"/> on a <see cref="ReadLoop"/> (see the class's remarks).</summary>
internal sealed partial class SocketInput
{
    /// <summary>The read loop saw data (or the end, or an error) arrive: a waiting read takes it now.</summary>
    void IReadyTarget.OnReady(uint events)
    {
        // The report says the peer closed its end or reset the connection.
        var hungUp = (events & (Epoll.ReadHangUp | Epoll.HangUp | Epoll.Error)) != 0;
        lock (Sync)
        {
            _arrivals++;
            _readable = true;
            _hungUp |= hungUp;
        }

        Pump();
    }

    /// <summary>
    /// <see cref="Pump"/> on a read loop: receives at once while a read waits and data is known to have arrived;
    /// otherwise the next arrival calls again. Nothing is held while waiting, not even a buffer.
    /// </summary>
    private void PumpOnLoop()
    {
        while (true)
        {
            Memory<byte> room;
            int arrivals;
            lock (Sync)
            {
                if (!WantsReceive)
                {
                    return;
                }

                if (!_readable)
                {
                    if (_start == _end)
                    {
                        ReleaseBuffer();
                    }

                    return;
                }

                if (!MakeRoom())
                {
                    return;
                }

                room = _buffer.AsMemory(_end);
                arrivals = _arrivals;
                _receiving = true;
            }

            int bytes;
            SocketError error;
            try
            {
                bytes = _socket.Receive(room.Span, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                // Aborted between the check and the call.
                bytes = 0;
                error = SocketError.OperationAborted;
            }

            if (error == SocketError.WouldBlock)
            {
                lock (Sync)
                {
                    _receiving = false;
                    if (_arrivals == arrivals)
                    {
                        _readable = false;
                    }
                }

                continue;
            }

            if (!FinishReceive(error, bytes, arrivals))
            {
                return;
            }
        }
    }
}
