using Microsoft.Extensions.Time.Testing;
using Parley.Core.Storage;

namespace Parley.Core.Tests.Storage;

public sealed class MessageIdsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Ids_are_version_7_uuids_carrying_the_time_in_milliseconds()
    {
        var id = new MessageIds(_time).Next();

        Assert.Matches("^[0-9a-f]{32}$", id);
        var guid = Guid.ParseExact(id, "N");
        Assert.Equal(7, guid.Version);
        Assert.Contains(id[16], "89ab"); // RFC 9562 variant bits 10
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), Convert.ToInt64(id[..12], 16));
    }

    [Fact]
    public void Ids_strictly_increase_within_a_millisecond_across_milliseconds_and_when_the_clock_steps_back()
    {
        var clock = new SettableClock { Now = _time.GetUtcNow() };
        var ids = new MessageIds(clock);
        var made = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            made.Add(ids.Next());
        }

        clock.Now = clock.Now.AddMilliseconds(1);
        made.Add(ids.Next());
        clock.Now = clock.Now.AddSeconds(-5);
        made.Add(ids.Next());
        made.Add(ids.Next());

        Assert.Equal(made.Order(StringComparer.Ordinal), made);
        Assert.Equal(made.Count, made.Distinct().Count());
    }

    [Fact]
    public void Two_generators_at_the_same_instant_do_not_collide()
    {
        var first = new MessageIds(_time);
        var second = new MessageIds(_time);
        var all = Enumerable.Range(0, 100).SelectMany(_ => new[] { first.Next(), second.Next() }).ToList();

        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
