using Parley.Core.Names;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>The identities that recently left or changed nick (IRC WHOWAS), newest first, bounded. Hub thread only.</summary>
public sealed class WhowasHistory(int capacity)
{
    private readonly LinkedList<(Identity Who, DateTimeOffset Until)> _entries = new();

    public void Add(Identity who, DateTimeOffset until)
    {
        _entries.AddFirst((who, until));
        if (_entries.Count > capacity)
        {
            _entries.RemoveLast();
        }
    }

    public IEnumerable<(Identity Who, DateTimeOffset Until)> Find(string nick)
    {
        var folded = Casemapping.Fold(nick);
        return _entries.Where(e => e.Who.FoldedNick == folded);
    }
}
