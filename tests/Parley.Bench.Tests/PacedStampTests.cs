using Parley.Bench.Scenarios;

namespace Parley.Bench.Tests;

public sealed class PacedStampTests
{
    [Fact]
    public void A_message_due_while_the_previous_send_was_blocked_keeps_its_scheduled_time()
    {
        // Due at 100; the previous send (blocked on a full socket) returned at 150; sent at 160.
        Assert.Equal(100, Sender.PacedStamp(scheduled: 100, previousSendReturned: 150, now: 160));
    }

    [Fact]
    public void A_message_delayed_only_by_the_generators_own_late_timer_is_stamped_when_it_goes_out()
    {
        // The previous send returned at 50, long before the message fell due at 100; the timer woke at 160.
        Assert.Equal(160, Sender.PacedStamp(scheduled: 100, previousSendReturned: 50, now: 160));
    }
}
