using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Hosting;
using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

public sealed class MemoryTrimServiceTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_server_at_rest_after_a_busy_period_is_trimmed_once()
    {
        var memory = new ScriptedMemory();
        var time = new FakeTimeProvider();
        using var service = await StartAsync(memory, time, new MemoryOptions());

        await memory.CheckAfter(time, Interval, items: 10);
        await memory.Trimmed.Task.WaitAsync(Waits.Short);
        Assert.Equal(1, memory.Trims);

        for (var i = 0; i < 3; i++)
        {
            await memory.CheckAfter(time, Interval, items: 10, allocated: MiB);
        }

        await memory.CheckAfter(time, Interval, items: 5_000);
        Assert.Equal(1, memory.Trims);
    }

    [Fact]
    public async Task A_server_relaying_messages_is_not_paused_for_a_trim()
    {
        var memory = new ScriptedMemory();
        var time = new FakeTimeProvider();
        using var service = await StartAsync(memory, time, new MemoryOptions());
        for (var i = 0; i < 6; i++)
        {
            await memory.CheckAfter(time, Interval, items: 5_000);
        }

        Assert.Equal(0, memory.Trims);
    }

    [Fact]
    public async Task Trimming_can_be_turned_off()
    {
        var memory = new ScriptedMemory();
        var time = new FakeTimeProvider();
        using var service = await StartAsync(memory, time, new MemoryOptions { TrimWhenIdle = false });
        await service.ExecuteTask!.WaitAsync(Waits.Short);
        time.Advance(Interval * 3);
        Assert.Equal(0, memory.Samples);
        Assert.Equal(0, memory.Trims);
    }

    [Fact]
    public async Task The_server_runs_the_trim_with_its_configured_limits()
    {
        await using var server = await TestServer.StartAsync(("Parley:Memory:TrimCheckInterval", "00:00:00.250"), ("Parley:Memory:QuietWorkItems", "7"));
        var settings = server.Services.GetRequiredService<IOptions<MemoryOptions>>().Value;
        Assert.True(settings.TrimWhenIdle);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.TrimCheckInterval);
        Assert.Equal(7, settings.QuietWorkItems);
        Assert.Contains(server.Services.GetServices<IHostedService>(), s => s is MemoryTrimService);
    }

    [Fact]
    public async Task A_check_interval_out_of_range_is_refused_at_start()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(("Parley:Memory:TrimCheckInterval", "00:00:00")));
        Assert.Contains("TrimCheckInterval", string.Join(" ", refused.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_probe_counts_the_hubs_work_and_its_trim_is_a_full_compacting_collection()
    {
        await using var server = await TestServer.StartAsync();
        var memory = new ProcessMemory(server.Loop);
        var before = memory.Sample();
        await server.OnHub(_ => 0);
        Assert.True(memory.Sample().WorkItems > before.WorkItems);

        var lastFull = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        memory.Trim();
        var trim = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(trim.Index > lastFull);
        Assert.True(trim.Compacted);
        Assert.Equal(GC.MaxGeneration, trim.Generation);
    }

    /// <summary>Starts the service and waits for its first sample, taken once its timer runs.</summary>
    private static async Task<MemoryTrimService> StartAsync(ScriptedMemory memory, FakeTimeProvider time, MemoryOptions options)
    {
        var service = new MemoryTrimService(Options.Create(options), memory, time, NullLogger<MemoryTrimService>.Instance);
        await service.StartAsync(CancellationToken.None);
        if (options.TrimWhenIdle)
        {
            await memory.CheckAfter(time, TimeSpan.Zero);
        }

        return service;
    }

    /// <summary>
    /// A server whose work and memory the test sets. Each check starts with a sample, which is signalled, so the test
    /// never sleeps. A check has finished once the next one has started (the loop runs them one at a time), so a
    /// test looks one check further than what it asserts.
    /// </summary>
    private sealed class ScriptedMemory : IProcessMemory
    {
        private readonly SemaphoreSlim _checked = new(0);
        private readonly Lock _gate = new();
        private MemorySample _now = new(WorkItems: 1_000_000, AllocatedBytes: 500 * MiB, CommittedBytes: 300 * MiB, InUseBytes: 80 * MiB);
        private bool _justTrimmed;
        private int _samples;
        private int _trims;

        public TaskCompletionSource Trimmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Samples => Volatile.Read(ref _samples);

        public int Trims => Volatile.Read(ref _trims);

        /// <summary>Lets the server run <paramref name="items"/> work items and allocate, moves time on (to the next
        /// check) and waits until the service has looked.</summary>
        public async Task CheckAfter(FakeTimeProvider time, TimeSpan interval, long items = 0, long allocated = 0)
        {
            lock (_gate)
            {
                _now = _now with { WorkItems = _now.WorkItems + items, AllocatedBytes = _now.AllocatedBytes + allocated };
            }

            time.Advance(interval);
            Assert.True(await _checked.WaitAsync(Waits.Short), "The service did not check.");
        }

        public MemorySample Sample()
        {
            Interlocked.Increment(ref _samples);
            lock (_gate)
            {
                // The sample taken right after a trim (for the log) belongs to the same check.
                if (!_justTrimmed)
                {
                    _checked.Release();
                }

                _justTrimmed = false;
                return _now;
            }
        }

        public void Trim()
        {
            lock (_gate)
            {
                _now = _now with { CommittedBytes = _now.InUseBytes };
                _justTrimmed = true;
            }

            Interlocked.Increment(ref _trims);
            Trimmed.TrySetResult();
        }
    }
}
