using Parley.Core.Events;

namespace Parley.Core.Hubs;

/// <summary>
/// Renders one event at most once per format during one fan-out (invariant 6). A room usually has one to four
/// formats (the line protocol's two, an IRC capability set or two), so a short linear scan beats hashing.
/// Hub thread only; reset for every event.
/// </summary>
internal sealed class RenderCache
{
    private const int Slots = 8;
    private readonly IEventFormat?[] _formats = new IEventFormat?[Slots];
    private readonly ReadOnlyMemory<byte>[] _bytes = new ReadOnlyMemory<byte>[Slots];
    private readonly Dictionary<IEventFormat, ReadOnlyMemory<byte>> _overflow = new(ReferenceEqualityComparer.Instance);
    private HubEvent? _event;
    private int _count;

    public void Reset(HubEvent hubEvent)
    {
        _event = hubEvent;
        Array.Clear(_formats, 0, _count);
        Array.Clear(_bytes, 0, _count);
        _count = 0;
        _overflow.Clear();
    }

    public ReadOnlyMemory<byte> Get(IEventFormat format)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_formats[i], format))
            {
                return _bytes[i];
            }
        }

        if (_count < Slots)
        {
            var rendered = format.Render(_event!);
            _formats[_count] = format;
            _bytes[_count] = rendered;
            _count++;
            return rendered;
        }

        if (!_overflow.TryGetValue(format, out var bytes))
        {
            bytes = format.Render(_event!);
            _overflow[format] = bytes;
        }

        return bytes;
    }
}
