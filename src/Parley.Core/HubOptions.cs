using System.ComponentModel.DataAnnotations;

namespace Parley.Core;

/// <summary>
/// The limits and defaults of the hub, shared by every door. Bound from the <c>Parley</c> configuration
/// section and validated at start-up; the defaults are documented in docs/configuration.md.
/// </summary>
public sealed class HubOptions
{
    /// <summary>The server's name: prefixes IRC server messages.</summary>
    public string ServerName { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The network name advertised in ISUPPORT NETWORK.</summary>
    public string NetworkName { get; set; } = "Parley";

    /// <summary>Room that line-protocol users join on connect (IRC: <c>#general</c>).</summary>
    [Required]
    public string DefaultRoom { get; set; } = "general";

    /// <summary>Nicks are at most this many characters (ISUPPORT NICKLEN).</summary>
    [Range(9, 64)]
    public int NickLength { get; set; } = 30;

    /// <summary>Room names are at most this many characters, the leading '#' included (ISUPPORT CHANNELLEN).</summary>
    [Range(2, 200)]
    public int RoomNameLength { get; set; } = 50;

    /// <summary>Topics are cut to this many bytes of UTF-8 (ISUPPORT TOPICLEN).</summary>
    [Range(1, 4000)]
    public int TopicLength { get; set; } = 390;

    /// <summary>Kick, part and quit reasons are cut to this many bytes.</summary>
    [Range(1, 4000)]
    public int ReasonLength { get; set; } = 300;

    /// <summary>A user may be in at most this many rooms at once (ISUPPORT CHANLIMIT).</summary>
    [Range(1, 10_000)]
    public int MaxRoomsPerUser { get; set; } = 100;

    /// <summary>
    /// Bytes that may wait in one connection's Outbox. Past it the connection alone is closed with
    /// "send queue exceeded" (invariant 5). 1 MiB holds about 10,000 typical chat lines: a client that
    /// has that much unread is not reading.
    /// </summary>
    [Range(4096, 1L << 32)]
    public long SendQueueBytes { get; set; } = 1 << 20;

    /// <summary>
    /// Which rounds a connection's reader that finds the hub idle runs itself instead of waking the hub's thread (a
    /// context switch saved per round). <see cref="Hubs.ReaderRounds.All"/> by default: every round, messages too;
    /// under steady traffic the hub is rarely idle, so its thread still batches most commits (docs/concurrency.md,
    /// docs/benchmarks.md, *Readers run the idle hub's rounds*).
    /// </summary>
    public Hubs.ReaderRounds ReaderRounds { get; set; } = Hubs.ReaderRounds.All;

    /// <summary>Messages per Journal batch at most: bounds the latency a huge burst adds to one commit.</summary>
    [Range(1, 100_000)]
    public int MaxCommitBatch { get; set; } = 1024;

    /// <summary>
    /// Conversations (rooms and private pairs) whose last sequence number the Journal keeps in memory, about 50 bytes
    /// each at most, in two generations of half of it each: when the newer one is full (checked when nothing is in
    /// flight), the conversations that did not speak while it filled are forgotten, and the store is asked again (one
    /// indexed read, or none for a conversation the store never saw) when one of them next speaks. Without a bound
    /// the map would grow with every private pair that ever talked, for as long as the server runs.
    /// </summary>
    [Range(2, 10_000_000)]
    public int SequenceCacheConversations { get; set; } = 1_000_000;

    /// <summary>Messages replayed on joining a room (0 disables replay).</summary>
    [Range(0, 1000)]
    public int HistoryOnJoin { get; set; } = 20;

    /// <summary>The most messages one history or search request returns.</summary>
    [Range(1, 10_000)]
    public int MaxHistoryRequest { get; set; } = 500;
}
